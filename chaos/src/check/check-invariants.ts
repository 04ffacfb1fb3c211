import type { FaultDriver } from '../faults/fault-driver';
import type { Ledger } from '../load/ledger';
import type { Sampler } from '../observe/sampler';
import type { ChaosSystem } from '../system';
import { checkCausalOrder } from './causal-order-invariant';
import { checkCommitSafety } from './commit-safety-invariant';
import { checkDeadLetters } from './dlq-invariant';
import { checkEffects, type TimeWindow } from './effects-invariant';
import { collectEvidence, EVENT_TOPICS, type Evidence, type LogRecord } from './evidence';
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
  /** When the case killed the notification sender outside the fault driver (see CaseContext). */
  senderKills?: readonly number[];
  /** When Redis acknowledged writes that it then lost (see CaseContext). */
  lostRedisWrites?: readonly TimeWindow[];
}

/**
 * The evidence without the bad records a case injected into event topics: they are nobody's order (no
 * ghost, no status, no effect, nothing for analytics to count), only I6 and I7 look at them.
 */
const withoutInjected = (evidence: Evidence, poison: ReadonlySet<string>): Evidence => {
  if (poison.size === 0) return evidence;
  const injected = (record: LogRecord): boolean =>
    poison.has(record.key) || (record.eventId !== undefined && poison.has(record.eventId));
  const records = new Map(evidence.records);
  for (const topic of EVENT_TOPICS)
    records.set(
      topic,
      (records.get(topic) ?? []).filter((record) => !injected(record)),
    );
  // A decodable injected order.created names an order nobody placed: its view (a 404) is not checked.
  const views = new Map(evidence.views);
  for (const record of evidence.records.get('order.created') ?? []) {
    if (injected(record) && record.orderId !== undefined) views.delete(record.orderId);
  }
  // An injected inventory.reserved that decodes is charged like any other: that charge is the poison's.
  const charges = evidence.charges.filter((charge) => !poison.has(charge.orderId));
  return { ...evidence, records, views, charges };
};

/** Reads the quiet system and checks I1–I9; returns the evidence too, for the case's own figures. */
export const checkInvariants = async (
  inputs: CheckInputs,
): Promise<{ results: InvariantResult[]; evidence: Evidence }> => {
  const { system, ledger, sampler, faults, bounds } = inputs;
  const evidence = await collectEvidence(system);
  const pipelineEvidence = withoutInjected(evidence, inputs.expectedPoison ?? new Set());
  const facts = orderFacts(pipelineEvidence, EVENT_TOPICS);
  const results = [
    checkAccepted(ledger, facts),
    checkNoGhosts(ledger, pipelineEvidence),
    checkFinalStatus(pipelineEvidence, facts),
    checkEffects(pipelineEvidence, facts, system.pipeline.initialStock, {
      kills: [
        ...faults.faults
          // The sender sends (issue 13): its kill between a send and its record is the one resend allowed.
          .filter((fault) => fault.target === 'notificationSender' && fault.action === 'SIGKILL')
          .map((fault) => fault.at),
        ...(inputs.senderKills ?? []),
      ],
      lostRedisWrites: inputs.lostRedisWrites ?? [],
    }),
    checkCausalOrder(facts),
    checkDeadLetters(evidence, inputs.expectedPoison),
    checkCommitSafety(
      evidence,
      sampler.commitSamples,
      sampler.doneMarkers.firstSeen,
      system.pipeline.namespace.prefix,
      inputs.lostRedisWrites,
    ),
    checkRecovery(faults.heals, sampler.samples, sampler.crashes, bounds),
    checkAnswered(ledger, bounds, sampler.samples),
  ];
  return { results, evidence };
};
