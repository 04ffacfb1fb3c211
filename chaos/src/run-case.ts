import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { projectPaths } from '@orderflow/config';

import { caseRate } from './case-rate';
import { DEFAULT_RECOVERY_BOUND_MS, type CaseContext, type CaseFixture, type ChaosCase } from './case.types';
import { checkInvariants } from './check/check-invariants';
import type { ClusterStack } from './cluster-stack';
import { republished } from './check/effects-invariant';
import { recoveredLagFor, type LivenessBounds } from './check/liveness-invariants';
import { waitForQuiescence } from './check/quiescence';
import { createFaultDriver } from './faults/fault-driver';
import { openLedger } from './load/ledger';
import { startOpenLoop } from './load/open-loop';
import { startSampler, type Sampler } from './observe/sampler';
import type { ChaosOptions } from './options';
import type { CaseReport } from './report/case-report';
import { startSystem, type ChaosSystem } from './system';

/** The client's deadline: an attempt unanswered by then is a hang (I9) and is retried with the same key. */
const CLIENT_TIMEOUT_MS = 15_000;
const GIVE_UP_AFTER_MS = 180_000;
const QUIET_FOR_MS = 6_000;
/**
 * The load's warm-up (a quarter of the load at most): every process of the system has just started, and
 * on two cores cold JVMs and services answered their first orders 12–15 s late at the full rate (cases
 * 4, 11, 16 and 17, before any fault), as no deployment that slow-starts its traffic would see.
 */
const WARM_UP_MS = 30_000;
/** Payment's last retry tier is 5 minutes: a record parked there is waited for. */
const QUIESCENCE_TIMEOUT_MS = 12 * 60_000;

export const caseId = (chaosCase: Pick<ChaosCase, 'number' | 'name'>): string =>
  `${String(chaosCase.number).padStart(2, '0')}-${chaosCase.name}`;

export const caseDir = (chaosCase: Pick<ChaosCase, 'number' | 'name'>): string =>
  join(projectPaths().root, '.stack', 'chaos', caseId(chaosCase));

const boundsFor = (rate: number, chaosCase: ChaosCase): LivenessBounds => ({
  recoveryMs: chaosCase.recoveryBoundMs ?? DEFAULT_RECOVERY_BOUND_MS,
  recoveredLag: recoveredLagFor(rate),
  rssBytes: 512 * 1_048_576,
  // ORDER_API_PUBLISH_TIMEOUT_MS (10 s) plus the order API's Redis calls and a second of slack.
  httpDeadlineMs: 12_000,
});

/**
 * One case from a fresh namespace to its verdict: services up, load and sampler started, the case's faults
 * injected and healed, quiescence, the check, everything stopped. Never throws: a harness failure is a
 * report with `error`, so the other cases still run.
 */
export const runCase = async (
  chaosCase: ChaosCase,
  options: ChaosOptions,
  log: (line: string) => void,
  { extraEnv = {}, cluster }: { extraEnv?: Record<string, string>; cluster?: ClusterStack } = {},
): Promise<CaseReport> => {
  const dir = caseDir(chaosCase);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const startedAt = Date.now();
  const rate = caseRate(chaosCase, options);
  const say = (line: string): void => log(`[${caseId(chaosCase)}] ${line}`);
  const base: Omit<CaseReport, 'clients' | 'faults' | 'redeliveries' | 'recovery' | 'invariants' | 'passed'> =
    {
      number: chaosCase.number,
      name: chaosCase.name,
      title: chaosCase.title,
      orders: options.orders,
      rate,
      durationSeconds: 0,
    };
  let system: ChaosSystem | undefined;
  let sampler: Sampler | undefined;
  let fixture: CaseFixture | undefined;
  try {
    fixture = await chaosCase.setUp?.();
    system = await startSystem({
      label: `chaos-${chaosCase.number}`,
      dir,
      unitsPerSku: options.orders * 4,
      // On the cluster, topics.yaml's production settings (RF 3, min.insync.replicas 2): case 16's first
      // runs created RF 1 topics there, and losing one broker took order.created[0] with it.
      topicsEnvironment: cluster?.stack.settings.topicsEnvironment,
      serviceEnv: {
        ...(typeof chaosCase.serviceEnv === 'function'
          ? chaosCase.serviceEnv(options)
          : chaosCase.serviceEnv),
        ...fixture?.env,
        ...extraEnv,
      },
    });
    say(`services up in namespace ${system.pipeline.namespace.prefix}`);
    const ledger = openLedger(join(dir, 'ledger.jsonl'));
    const activeSystem = system;
    const load = startOpenLoop({
      url: () => activeSystem.orderApiUrl(),
      ledger,
      timeoutMs: CLIENT_TIMEOUT_MS,
      giveUpAfterMs: GIVE_UP_AFTER_MS,
      orders: options.orders,
      rate,
      warmUpMs: Math.min(WARM_UP_MS, ((options.orders / rate) * 1_000) / 4),
      keyPrefix: `${system.pipeline.namespace.prefix}order`,
    });
    sampler = startSampler(system, dir);
    const bounds = boundsFor(rate, chaosCase);
    const faults = createFaultDriver(system, sampler, load, dir, bounds.recoveredLag);
    const context: CaseContext = {
      fixture,
      system,
      faults,
      load,
      ledger,
      cluster,
      sampler,
      options,
      dir,
      poison: new Set(),
      senderKills: [],
      lostRedisWrites: [],
      checks: [],
      log: say,
    };
    await chaosCase.inject(context);
    say(`faults done (${faults.faults.length}); waiting for quiescence`);
    let quiescenceMs = await waitForQuiescence(load, sampler, {
      stableMs: QUIET_FOR_MS,
      timeoutMs: QUIESCENCE_TIMEOUT_MS,
    });
    if (chaosCase.afterQuiescence) {
      await chaosCase.afterQuiescence(context);
      quiescenceMs += await waitForQuiescence(load, sampler, {
        stableMs: QUIET_FOR_MS,
        timeoutMs: QUIESCENCE_TIMEOUT_MS,
      });
    }
    await sampler.stop();
    await ledger.close();
    say('quiet; checking invariants');
    const { results, evidence } = await checkInvariants({
      system,
      ledger,
      sampler,
      faults,
      bounds,
      expectedPoison: context.poison,
      senderKills: context.senderKills,
      lostRedisWrites: context.lostRedisWrites,
    });
    results.push(...context.checks);
    const count = (outcome: string) => ledger.outcomes.filter((entry) => entry.outcome === outcome).length;
    const recovery = results.find((result) => result.id === 'I8')?.counts.maxRecoverySeconds ?? 0;
    const report: CaseReport = {
      ...base,
      clients: {
        accepted: count('accepted'),
        refused: count('refused'),
        gaveUp: count('gave-up'),
        attempts: ledger.attempts.length,
      },
      // SIGCONT ends a pause: it heals, it injects nothing.
      faults: {
        injected: faults.faults.filter((fault) => fault.action !== 'SIGCONT').length,
        inFlight: faults.faults.filter((fault) => fault.action !== 'SIGCONT' && fault.hitWork).length,
      },
      redeliveries: {
        duplicateOutcomes: sampler.samples.at(-1)?.duplicates ?? 0,
        republished: republished(evidence),
      },
      recovery: { maxSeconds: recovery, quiescenceSeconds: quiescenceMs / 1_000 },
      durationSeconds: (Date.now() - startedAt) / 1_000,
      invariants: results,
      passed: results.every((result) => result.pass),
    };
    writeFileSync(join(dir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
    return report;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const report: CaseReport = {
      ...base,
      clients: { accepted: 0, refused: 0, gaveUp: 0, attempts: 0 },
      faults: { injected: 0, inFlight: 0 },
      redeliveries: { duplicateOutcomes: 0, republished: 0 },
      recovery: { maxSeconds: 0, quiescenceSeconds: 0 },
      durationSeconds: (Date.now() - startedAt) / 1_000,
      invariants: [],
      passed: false,
      error: message,
    };
    writeFileSync(
      join(dir, 'report.json'),
      `${JSON.stringify({ ...report, stack: (error as Error).stack }, null, 2)}\n`,
    );
    return report;
  } finally {
    await sampler?.stop();
    await system?.close().catch(() => undefined);
    await fixture?.close().catch(() => undefined);
  }
};
