import type Redis from 'ioredis';

import { OrderflowError } from '@orderflow/errors';

import type { FencingToken } from './fencing-token';

// The lease check and the write are one script: no window in which the lease could be lost in between.
const SET_IF_ABSENT_WHILE_LEASED = `
if redis.call('GET', KEYS[2]) ~= ARGV[3] then return {'fenced'} end
if redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2], 'NX') then return {'written', ARGV[1]} end
return {'stood', redis.call('GET', KEYS[1])}`;

export type FencedWrite = { state: 'written' | 'stood'; value: string };

/**
 * SET NX EX of an effect record, only while `fence` still holds the event's lease. Resolves with the
 * record that stands (this one, or the first one written); rejects with LEASE_LOST (retriable: whoever
 * holds the event now, or its next delivery, records instead) when the lease is gone.
 */
export const fencedSetIfAbsent = async (
  redis: Redis,
  fence: FencingToken,
  key: string,
  value: string,
  ttlSeconds: number,
): Promise<FencedWrite> => {
  const [state, stored] = (await redis.eval(
    SET_IF_ABSENT_WHILE_LEASED,
    2,
    key,
    fence.key,
    value,
    ttlSeconds,
    fence.value,
  )) as [string, string | null | undefined];
  if (state === 'fenced') {
    throw new OrderflowError(
      'LEASE_LOST',
      `The lease on ${fence.key} (holder ${fence.sequence}) was lost before ${key} was recorded; the event's next delivery records it.`,
      { retriable: true, context: { key, lease: fence.key, sequence: fence.sequence } },
    );
  }
  return { state: state === 'written' ? 'written' : 'stood', value: stored ?? value };
};
