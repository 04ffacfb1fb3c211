import { setTimeout as delay } from 'node:timers/promises';

import { OrderflowError } from '@orderflow/errors';

const UNIT_MS = { s: 1_000, m: 60_000 } as const;

/** `50/s`, `600/m` or a bare `50` (per second) as records per second. */
export const parseRate = (text: string): number => {
  const match = /^(\d+(?:\.\d+)?)(?:\/(s|m))?$/.exec(text.trim());
  const amount = Number(match?.[1]);
  if (match === null || !(amount > 0)) {
    throw new OrderflowError('OPERATION_INVALID', `--rate must look like 50/s or 600/m (got "${text}").`, {
      context: { rate: text },
    });
  }
  return (amount * 1_000) / UNIT_MS[(match[2] ?? 's') as keyof typeof UNIT_MS];
};

/**
 * Pure: how long to wait before the next send so that `sent` sends since `startedAt` never run ahead of
 * the rate. Pacing from the start (not from the previous send) keeps the average exact despite jitter.
 */
export const delayBeforeNext = (options: {
  perSecond: number;
  startedAt: number;
  sent: number;
  now: number;
}): number => Math.max(0, options.startedAt + (options.sent * 1_000) / options.perSecond - options.now);

export interface RateLimiter {
  /** Resolves when the next send may go. */
  acquire(): Promise<void>;
}

export const createRateLimiter = ({
  perSecond,
  now = Date.now,
  wait = (ms: number) => delay(ms),
}: {
  perSecond: number;
  now?: () => number;
  wait?: (ms: number) => Promise<unknown>;
}): RateLimiter => {
  let startedAt: number | undefined;
  let sent = 0;
  return {
    async acquire() {
      startedAt ??= now();
      const ms = delayBeforeNext({ perSecond, startedAt, sent, now: now() });
      if (ms > 0) await wait(ms);
      sent += 1;
    },
  };
};
