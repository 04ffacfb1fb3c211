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
}

export interface OpenLoopOptions extends KeyedClientOptions {
  orders: number;
  rate: number;
  /** Distinguishes this run's keys from another's on the same order API. */
  keyPrefix: string;
}

/**
 * Open loop: order i starts at start + i / rate whether or not earlier ones were answered (a slow system
 * shows as latency and retries, never as a quietly lower rate); each order is its own keyed client.
 */
export const startOpenLoop = (options: OpenLoopOptions): LoadRun => {
  const { orders, rate, keyPrefix } = options;
  let started = 0;
  let settled = 0;
  let markAllSent = (): void => undefined;
  const allSent = new Promise<void>((resolve) => {
    markAllSent = resolve;
  });
  const intervalMs = 1_000 / rate;
  const run = async (): Promise<LedgerOutcome[]> => {
    const pending: Promise<LedgerOutcome>[] = [];
    const startedAt = performance.now();
    for (let seq = 0; seq < orders; seq++) {
      const wait = startedAt + seq * intervalMs - performance.now();
      if (wait > 0) await sleep(wait);
      started += 1;
      pending.push(
        placeOrder(options, seq, `${keyPrefix}-${seq}`, chaosOrder(seq)).finally(() => {
          settled += 1;
        }),
      );
    }
    markAllSent();
    return Promise.all(pending);
  };
  return {
    finished: run(),
    started: () => started,
    settled: () => settled,
    allStarted: () => started === orders,
    allSent,
  };
};
