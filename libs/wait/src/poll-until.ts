import { setTimeout as delay } from 'node:timers/promises';

import { isOrderflowError, OrderflowError } from '@orderflow/errors';

export interface PollOptions {
  /** What is awaited, for the error message: "Kafka to accept connections on 127.0.0.1:19092". */
  description: string;
  timeoutMs: number;
  intervalMs?: number;
}

/**
 * Calls `probe` until it returns something other than undefined, or fails with DEADLINE_EXCEEDED once
 * `timeoutMs` has passed. The last probe error is kept as the cause: it usually says why. A probe that
 * throws a non-retriable OrderflowError ends the wait at once with that error.
 */
export const pollUntil = async <T>(probe: () => Promise<T | undefined>, options: PollOptions): Promise<T> => {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      // A non-retriable failure (the server process died) will not heal by waiting longer.
      if (isOrderflowError(error) && !error.retriable) throw error;
      lastError = error;
    }
    if (Date.now() >= deadline) {
      throw new OrderflowError(
        'DEADLINE_EXCEEDED',
        `Gave up waiting for ${options.description} after ${options.timeoutMs} ms.`,
        {
          retriable: true,
          context: { timeoutMs: options.timeoutMs },
          cause: lastError,
        },
      );
    }
    await delay(options.intervalMs ?? 250);
  }
};
