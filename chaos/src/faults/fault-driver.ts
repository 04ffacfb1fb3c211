import { appendFileSync } from 'node:fs';
import { join } from 'node:path';

import type { ServiceName } from '@orderflow/e2e';
import { pollUntil } from '@orderflow/wait';

import type { LoadRun } from '../load/open-loop';
import type { Sampler } from '../observe/sampler';
import type { ChaosSystem } from '../system';
import { restartStack, signalChildren, stackPid, type StackProcess } from './stack-processes';

export type FaultTarget = { service: ServiceName } | { stack: StackProcess };

/** One action of the driver, as faults.jsonl keeps it. */
export interface FaultRecord {
  at: number;
  action: string;
  target: string;
  pid?: number;
  /** Lag and handled counter when it was injected: proof it hit work in flight. */
  lag?: number;
  handled?: number;
  /** Whether it was injected while work was in flight (lag > 0 and handled rising). */
  hitWork: boolean;
}

/** A fault's heal: recovery is measured from here until lag is back to what the load alone leaves. */
export interface HealRecord {
  at: number;
  label: string;
}

export interface FaultDriver {
  faults: FaultRecord[];
  heals: HealRecord[];
  /**
   * Resolves true once work is in flight (lag > 0 and the handled counters rising between two samples),
   * false when the load is over and nothing is left in flight (the case then skips the fault).
   */
  whenInFlight(): Promise<boolean>;
  /**
   * Resolves once lag is back to what the load alone keeps in flight, or after `timeoutMs` (I8 then reports
   * the slow recovery): a case waits for it before its next fault, so each fault meets a recovered system.
   */
  whenRecovered(timeoutMs: number): Promise<void>;
  /** Sends the signal; returns the pid it went to (undefined: no such process running). */
  signal(target: FaultTarget, signal: NodeJS.Signals, action?: string): number | undefined;
  /** SIGKILL a service, as a crash. */
  killService(name: ServiceName): void;
  /** Starts a service again (after a kill or a stop). */
  startService(name: ServiceName): Promise<void>;
  /** SIGTERM a service and wait until it has drained and exited. */
  stopService(name: ServiceName): Promise<void>;
  /** Starts whatever stack server is not running, through the stack's own start path. */
  restartStack(): Promise<void>;
  /** Marks the end of a fault: I8 measures recovery from here. */
  healed(label: string): void;
  /** Any other action (e.g. a sink outage), logged like the signals. */
  note(action: string, target: string): void;
}

const IN_FLIGHT_TIMEOUT_MS = 120_000;

const targetName = (target: FaultTarget): string => ('service' in target ? target.service : target.stack);

export const createFaultDriver = (
  system: ChaosSystem,
  sampler: Sampler,
  load: LoadRun,
  dir: string,
  recoveredLag: number,
): FaultDriver => {
  const faults: FaultRecord[] = [];
  const heals: HealRecord[] = [];
  const file = join(dir, 'faults.jsonl');
  const write = (entry: object): void => appendFileSync(file, `${JSON.stringify(entry)}\n`);

  const inFlight = (): { hitWork: boolean; lag?: number; handled?: number } => {
    const [previous, latest] = sampler.samples.slice(-2);
    if (!latest) return { hitWork: false };
    const rising = previous !== undefined && latest.handled > previous.handled;
    return {
      hitWork: rising && (latest.totalLag ?? 0) > 0,
      ...(latest.totalLag === undefined ? {} : { lag: latest.totalLag }),
      handled: latest.handled,
    };
  };
  const record = (action: string, target: string, pid?: number): void => {
    const entry: FaultRecord = {
      at: Date.now(),
      action,
      target,
      ...(pid === undefined ? {} : { pid }),
      ...inFlight(),
    };
    faults.push(entry);
    write({ type: 'fault', ...entry });
  };
  const pidOf = (target: FaultTarget): number | undefined =>
    'service' in target ? system.pid(target.service) : stackPid(target.stack);

  const driver: FaultDriver = {
    faults,
    heals,
    async whenInFlight() {
      // The first fault meets the full rate, not the warm-up's lighter load.
      await load.warmedUp;
      const seen = sampler.samples.length;
      return pollUntil(
        () => {
          if (sampler.samples.length > seen && inFlight().hitWork) return Promise.resolve(true);
          const idle = load.settled() === load.started() && load.allStarted();
          return Promise.resolve(idle && (sampler.latest()?.totalLag ?? 0) === 0 ? false : undefined);
        },
        {
          description: 'work in flight (lag > 0, handled rising)',
          timeoutMs: IN_FLIGHT_TIMEOUT_MS,
          intervalMs: 200,
        },
      );
    },
    async whenRecovered(timeoutMs) {
      const since = Date.now();
      await pollUntil(
        () => {
          const latest = sampler.latest();
          const back =
            latest !== undefined && latest.at > since && (latest.totalLag ?? Infinity) <= recoveredLag;
          return Promise.resolve(back || Date.now() - since >= timeoutMs ? true : undefined);
        },
        { description: 'lag back to the load’s level', timeoutMs: timeoutMs + 10_000, intervalMs: 500 },
      );
    },
    signal(target, signal, action = signal) {
      const pid = pidOf(target);
      if (pid === undefined) return undefined;
      if ('service' in target && (signal === 'SIGKILL' || signal === 'SIGTERM'))
        system.expectDown(target.service);
      // A server is paused whole, its forked processes with it (PostgreSQL's backends serve their sessions
      // on their own): stopped parent first, so it forks nothing new meanwhile, continued children first.
      const whole = 'stack' in target && (signal === 'SIGSTOP' || signal === 'SIGCONT');
      if (whole && signal === 'SIGCONT') signalChildren(pid, signal);
      process.kill(pid, signal);
      if (whole && signal === 'SIGSTOP') signalChildren(pid, signal);
      record(action, targetName(target), pid);
      return pid;
    },
    killService(name) {
      driver.signal({ service: name }, 'SIGKILL');
    },
    async startService(name) {
      await system.start(name);
      write({ type: 'start', at: Date.now(), target: name, pid: system.pid(name) });
    },
    async stopService(name) {
      record('SIGTERM', name, system.pid(name));
      await system.stop(name);
    },
    async restartStack() {
      await restartStack((line) => write({ type: 'stack', at: Date.now(), line }));
      write({ type: 'start', at: Date.now(), target: 'stack' });
    },
    healed(label) {
      const entry = { at: Date.now(), label };
      heals.push(entry);
      write({ type: 'heal', ...entry });
    },
    note(action, target) {
      record(action, target);
    },
  };
  return driver;
};
