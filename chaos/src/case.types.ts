import type { TimeWindow } from './check/effects-invariant';
import type { InvariantResult } from './check/invariant.types';
import type { ClusterStack } from './cluster-stack';
import type { ChaosOptions } from './options';
import type { ChaosSystem } from './system';
import type { FaultDriver } from './faults/fault-driver';
import type { Ledger } from './load/ledger';
import type { LoadRun } from './load/open-loop';
import type { Sampler } from './observe/sampler';

/** I8's bound on recovery after a heal unless a case states its own. */
export const DEFAULT_RECOVERY_BOUND_MS = 120_000;

/** Servers a case puts between the services and the stack before they start (e.g. fault proxies). */
export interface CaseFixture {
  /** Service environment pointing at them (e.g. REDIS_URL through a proxy). */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** What a case's fault script works with while the load runs. */
export interface CaseContext {
  /** What the case's `setUp` started, if it has one. */
  fixture: CaseFixture | undefined;
  system: ChaosSystem;
  faults: FaultDriver;
  load: LoadRun;
  /** Every HTTP attempt and its answer so far. */
  ledger: Ledger;
  /** The three-broker stack the case runs on, for a case with `brokers: 3`. */
  cluster: ClusterStack | undefined;
  /** Lag per group, handled counters and RSS every 2 s. */
  sampler: Sampler;
  options: ChaosOptions;
  /** `.stack/chaos/<nn>-<name>/`: the ledger, faults, samples and report of this case. */
  dir: string;
  /**
   * Keys (or event ids) of the bad records the case injected: I6 expects each in the DLQs once, and
   * nothing else there.
   */
  poison: Set<string>;
  /**
   * When the case killed the notification sender other than through the fault driver (epoch ms; a fail
   * point after its send, before its record): I4 lets a notification sent before such a kill be sent once
   * more after it, as for the driver's kills.
   */
  senderKills: number[];
  /**
   * When Redis acknowledged writes that the case then made it lose (case 8: from the last moment the
   * replica was known in sync to the promotion): I4 lets a notification first sent in such a window, its
   * sent-record lost, be sent once more after it.
   */
  lostRedisWrites: TimeWindow[];
  /** The case's own checks (e.g. figures identical after a replay), reported beside I1–I9. */
  checks: InvariantResult[];
  log: (line: string) => void;
}

/**
 * One fault case of the suite (audit §7). The harness gives every case the same frame: a fresh namespace
 * with the five services as processes, the keyed open-loop load, the sampler, quiescence and the invariant
 * checker; a case only says what goes wrong and when.
 */
export interface ChaosCase {
  /** The audit's case number; `--only` accepts it or the name. */
  number: number;
  /** kebab-case, e.g. `kill-services`. */
  name: string;
  /** One line for the report: the fault and how it is injected. */
  title: string;
  /**
   * 3: the case runs on a three-broker stack of the suite's own (RF 3, min.insync.replicas 2), started
   * once after the one-broker cases, instead of the stack `npm run chaos` uses.
   */
  brokers?: 3;
  /**
   * Service environment on top of the harness's (e.g. a shorter session timeout); a function when it
   * depends on the run's size (e.g. a fail point's probability).
   */
  serviceEnv?: Record<string, string> | ((options: ChaosOptions) => Record<string, string>);
  /** Starts what the services must reach the stack through; closed after the case. */
  setUp?: () => Promise<CaseFixture>;
  /** I8's bound on recovery after each heal; 120 s by default. State why when a case needs more. */
  recoveryBoundMs?: number;
  /**
   * The load lasts at least this long (the rate is lowered to stretch --orders over it), so that every fault
   * of the case, and the recovery after it, happens while orders still arrive. Larger runs keep the default
   * size's rate (see caseRate).
   */
  minLoadSeconds?: number;
  /**
   * The most orders per second this case's processes sustain on the reference box (two cores): the default
   * rate (60/s) is measured with one broker and five services. Above it the order API's answers are late from
   * the first second, whatever the faults, and I9 measures the box instead of the system.
   */
  maxRate?: number;
  /**
   * Injects the faults while the load runs, gated on work in flight (`faults.whenInFlight`), and heals
   * each one (`faults.healed`); resolves once everything is healed. The load keeps running meanwhile.
   */
  inject: (context: CaseContext) => Promise<void>;
  /** After quiescence and before the check (operations such as redrive and replay, then quiescence again). */
  afterQuiescence?: (context: CaseContext) => Promise<void>;
}
