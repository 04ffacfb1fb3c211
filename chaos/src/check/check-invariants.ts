import type { FaultDriver } from '../faults/fault-driver';
import type { Ledger } from '../load/ledger';
import type { Sampler } from '../observe/sampler';
import type { ChaosSystem } from '../system';
import { checkCausalOrder } from './causal-order-invariant';
import { checkCommitSafety } from './commit-safety-invariant';
import { checkDeadLetters } from './dlq-invariant';
import { checkEffects } from './effects-invariant';
import { collectEvidence, EVENT_TOPICS, type Evidence } from './evidence';
import type { InvariantResult } from './invariant.types';
import { checkAnswered, checkRecovery, type LivenessBounds } from './liveness-invariants';
import { orderFacts } from './order-facts';
import { checkAccepted, checkFinalStatus, checkNoGhosts } from './orders-invariants';

export interface CheckInputs {
  system: ChaosSystem;
  ledger: Ledger;
  sampler: Sampler;
  faults: FaultDriver;
  bounds: LivenessBounds;
  expectedPoison?: ReadonlySet<string>;
}

/** Reads the quiet system and checks I1–I9; returns the evidence too, for the case's own figures. */
export const checkInvariants = async (
  inputs: CheckInputs,
): Promise<{ results: InvariantResult[]; evidence: Evidence }> => {
  const { system, ledger, sampler, faults, bounds } = inputs;
  const evidence = await collectEvidence(system);
  const facts = orderFacts(evidence, EVENT_TOPICS);
  const results = [
    checkAccepted(ledger, facts),
    checkNoGhosts(ledger, evidence),
    checkFinalStatus(evidence, facts),
    checkEffects(
      evidence,
      facts,
      system.pipeline.initialStock,
      faults.faults
        .filter((fault) => fault.target === 'notification' && fault.action === 'SIGKILL')
        .map((fault) => fault.at),
    ),
    checkCausalOrder(facts),
    checkDeadLetters(evidence, inputs.expectedPoison),
    checkCommitSafety(
      evidence,
      sampler.commitSamples,
      sampler.doneMarkers.firstSeen,
      system.pipeline.namespace.prefix,
    ),
    checkRecovery(faults.heals, sampler.samples, sampler.crashes, bounds),
    checkAnswered(ledger, bounds),
  ];
  return { results, evidence };
};
