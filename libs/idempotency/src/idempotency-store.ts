import { randomUUID } from 'node:crypto';

import type Redis from 'ioredis';

import { redisCall } from '@orderflow/redis';

import type { FencingToken } from './fencing-token';

/** What `begin` found for an event in a group. */
export type Claim =
  /** `fence` goes to the effect stores, which refuse it once the lease is lost. */
  | { state: 'acquired'; token: string; fence: FencingToken }
  /** Processed before: skip it (its effects and follow-ups are durable). */
  | { state: 'done' }
  /**
   * Another consumer holds a live lease (a rebalance overlap, or a crashed process whose lease runs out);
   * `retryInMs` is what is left of it.
   */
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

// One round trip each, and atomic: no window between reading the marker and taking the lease. The
// fence counter outlives leases (it expires with the done marker), so each holder's sequence is higher.
const BEGIN = `
local current = redis.call('GET', KEYS[1])
if not current then
  redis.call('SET', KEYS[1], 'lease:' .. ARGV[1], 'PX', ARGV[2])
  local sequence = redis.call('INCR', KEYS[2])
  redis.call('PEXPIRE', KEYS[2], ARGV[3])
  return {'acquired', sequence}
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
    keyNames: string | string[],
    ...args: (string | number)[]
  ): Promise<T> => {
    const keys = typeof keyNames === 'string' ? [keyNames] : keyNames;
    return redisCall(
      `${operation} an idempotency lease`,
      { operation, key: keys[0] },
      async () => (await redis.eval(script, keys.length, ...keys, ...args)) as T,
    );
  };
  return {
    async begin(group, eventId) {
      const token = randomUUID();
      const lease = key(group, eventId);
      const [state, number] = await run<[string, number?]>(
        'begin',
        BEGIN,
        [lease, `${lease}:fence`],
        token,
        leaseMs,
        doneTtlMs,
      );
      if (state === 'acquired') {
        return { state, token, fence: { key: lease, value: `lease:${token}`, sequence: Number(number) } };
      }
      if (state === 'done') return { state };
      // PTTL is -1 for a lease written without expiry (by hand): treat it as a full lease.
      const left = Number(number ?? leaseMs);
      return { state: 'busy', retryInMs: Math.max(50, left < 0 ? leaseMs : left) };
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
