import { randomUUID } from 'node:crypto';

import type Redis from 'ioredis';

import { OrderflowError } from '@orderflow/errors';

/** What `begin` found for an event in a group. */
export type Claim =
  | { state: 'acquired'; token: string }
  /** Processed before: skip it (its effects and follow-ups are durable). */
  | { state: 'done' }
  /** Another consumer holds a live lease (a rebalance overlap, or a crashed process whose lease runs out). */
  | { state: 'busy'; retryInMs: number };

export interface IdempotencyStore {
  begin(group: string, eventId: string): Promise<Claim>;
  /** Lease → done marker, only if `token` still holds the lease. False means the lease was lost. */
  complete(group: string, eventId: string, token: string): Promise<boolean>;
  /** Drops the lease after a failure, so the retry (or another consumer) can take it at once. */
  abandon(group: string, eventId: string, token: string): Promise<void>;
  /** Keeps a long-running handler's lease alive. */
  extend(group: string, eventId: string, token: string): Promise<boolean>;
}

export interface IdempotencyStoreOptions {
  redis: Redis;
  /** The runtime's namespace prefix ('' in production). */
  keyPrefix: string;
  /** How long a lease lives without extension: also how long a crashed holder blocks its event. */
  leaseMs?: number;
  /** How long "done" is remembered: at least the retention of every topic a group reads. */
  doneTtlMs?: number;
}

// One round trip each, and atomic: no window between reading the marker and taking the lease.
const BEGIN = `
local current = redis.call('GET', KEYS[1])
if not current then
  redis.call('SET', KEYS[1], 'lease:' .. ARGV[1], 'PX', ARGV[2])
  return {'acquired'}
end
if current == 'done' then return {'done'} end
return {'busy', redis.call('PTTL', KEYS[1])}`;

const COMPLETE = `
if redis.call('GET', KEYS[1]) == 'lease:' .. ARGV[1] then
  redis.call('SET', KEYS[1], 'done', 'PX', ARGV[2])
  return 1
end
return 0`;

const ABANDON = `
if redis.call('GET', KEYS[1]) == 'lease:' .. ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

const EXTEND = `
if redis.call('GET', KEYS[1]) == 'lease:' .. ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;

const redisUnavailable = (error: unknown, operation: string): OrderflowError =>
  new OrderflowError(
    'DEPENDENCY_UNAVAILABLE',
    `Redis is unavailable for idempotency (${operation}); retry later.`,
    {
      retriable: true,
      context: { dependency: 'Redis', operation },
      cause: error,
    },
  );

/**
 * Exactly-once effects over at-least-once delivery: a lease (SET NX PX) while an event is processed,
 * switched to a done marker only by the lease's holder (token-checked) once effects and follow-ups are
 * durable. Keys: `<prefix>idempotency:<group>:<eventId>`.
 */
export const createIdempotencyStore = ({
  redis,
  keyPrefix,
  leaseMs = 15_000,
  doneTtlMs = 8 * 24 * 3_600_000,
}: IdempotencyStoreOptions): IdempotencyStore => {
  const key = (group: string, eventId: string): string => `${keyPrefix}idempotency:${group}:${eventId}`;
  const run = async <T>(
    operation: string,
    script: string,
    keyName: string,
    ...args: (string | number)[]
  ): Promise<T> => {
    try {
      return (await redis.eval(script, 1, keyName, ...args)) as T;
    } catch (error) {
      throw redisUnavailable(error, operation);
    }
  };
  return {
    async begin(group, eventId) {
      const token = randomUUID();
      const [state, pttl] = await run<[string, number?]>('begin', BEGIN, key(group, eventId), token, leaseMs);
      if (state === 'acquired') return { state, token };
      if (state === 'done') return { state };
      return { state: 'busy', retryInMs: Math.max(50, Math.min(Number(pttl ?? leaseMs), 1_000)) };
    },
    complete: async (group, eventId, token) =>
      (await run<number>('complete', COMPLETE, key(group, eventId), token, doneTtlMs)) === 1,
    abandon: async (group, eventId, token) => {
      await run<number>('abandon', ABANDON, key(group, eventId), token);
    },
    extend: async (group, eventId, token) =>
      (await run<number>('extend', EXTEND, key(group, eventId), token, leaseMs)) === 1,
  };
};
