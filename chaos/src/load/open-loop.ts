import { setTimeout as sleep } from 'node:timers/promises';

import { chaosOrder } from './chaos-orders';
import { placeOrder, type KeyedClientOptions } from './keyed-client';
import type { LedgerOutcome } from './ledger';

export interface LoadRun {
  /** Resolves once every order is accepted, refused or given up. */
  finished: Promise<LedgerOutcome[]>;
  /** Orders whose first attempt went out. */
  started(): number;
  /** Orders the client is done with. */
  settled(): number;
  /** Whether the generator has sent its last first attempt (retries may still run). */
  allStarted(): boolean;
  /** Resolves once the generator has sent its last first attempt (on its own clock: it cannot stall). */
  allSent: Promise<void>;
  /** Resolves once the warm-up is over and orders arrive at the full rate (at once without a warm-up). */
  warmedUp: Promise<void>;
}

export interface OpenLoopOptions extends KeyedClientOptions {
  orders: number;
  rate: number;
  /** The rate climbs from 0 to `rate` over this long (arrivalOffsetMs); 0 starts at the full rate. */
  warmUpMs: number;
  /** Distinguishes this run's keys from another's on the same order API. */
  keyPrefix: string;
}

/** A point the generator passes once; marking it again changes nothing. */
const milestone = (): { reached: Promise<void>; mark: () => void } => {
  let mark = (): void => undefined;
  const reached = new Promise<void>((resolve) => {
    mark = resolve;
  });
  return { reached, mark };
};

/**
 * When order `seq` starts, in ms from the first: the rate climbs linearly from 0 to `rate` (per second)
 * over `warmUpMs`, then holds. The orders started by t ≤ warmUpMs are rate·t²/(2·warmUpMs), so the warm-up
 * takes rate·warmUpMs/2 of them; each later one starts warmUpMs/2 behind where a cold start would put it.
 */
export const arrivalOffsetMs = (seq: number, rate: number, warmUpMs: number): number => {
  const perMs = rate / 1_000;
  if (seq >= (perMs * warmUpMs) / 2) return warmUpMs / 2 + seq / perMs;
  return Math.sqrt((2 * warmUpMs * seq) / perMs);
};

/**
 * Open loop: order i starts at its arrivalOffsetMs whether or not earlier ones were answered (a slow system
 * shows as latency and retries, never as a quietly lower rate); each order is its own keyed client. The
 * warm-up is a deployment's slow start: a system whose every process has just started is not sent its
 * full rate in its first second.
 */
export const startOpenLoop = (options: OpenLoopOptions): LoadRun => {
  const { orders, rate, warmUpMs, keyPrefix } = options;
  let started = 0;
  let settled = 0;
  const allSent = milestone();
  const warmedUp = milestone();
  const run = async (): Promise<LedgerOutcome[]> => {
    const pending: Promise<LedgerOutcome>[] = [];
    const startedAt = performance.now();
    for (let seq = 0; seq < orders; seq++) {
      const offset = arrivalOffsetMs(seq, rate, warmUpMs);
      const wait = startedAt + offset - performance.now();
      if (wait > 0) await sleep(wait);
      if (offset >= warmUpMs) warmedUp.mark();
      started += 1;
      pending.push(
        placeOrder(options, seq, `${keyPrefix}-${seq}`, chaosOrder(seq)).finally(() => {
          settled += 1;
        }),
      );
    }
    warmedUp.mark();
    allSent.mark();
    return Promise.all(pending);
  };
  return {
    finished: run(),
    started: () => started,
    settled: () => settled,
    allStarted: () => started === orders,
    allSent: allSent.reached,
    warmedUp: warmedUp.reached,
  };
};
