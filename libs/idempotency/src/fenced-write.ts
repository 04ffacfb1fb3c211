import type Redis from 'ioredis';

import { OrderflowError } from '@orderflow/errors';

import type { FencingToken } from './fencing-token';

// The lease check and the write are one script: no window in which the lease could be taken in between.
const SET_IF_ABSENT_UNLESS_TAKEN_OVER = `
local holder = redis.call('GET', KEYS[2])
if holder and holder ~= ARGV[3] then return {'fenced'} end
if redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2], 'NX') then return {'written', ARGV[1]} end
return {'stood', redis.call('GET', KEYS[1])}`;

export type FencedWrite = { state: 'written' | 'stood'; value: string };

/**
 * SET NX EX of an effect record, unless another holder has taken the event's lease over from `fence` (or
 * finished the event). Resolves with the record that stands (this one, or the first one written); rejects
 * with LEASE_LOST (retriable: whoever holds the event now records instead) when it was taken over.
 *
 * A lease that merely expired, with no one holding the event since, does not refuse the record: the effect
 * happened, and the record is what stops the event's next delivery from doing it again. Chaos case 9 (Redis
 * stalled 20 s, longer than the 15 s lease) sent a notification twice when its record was refused.
 */
export const fencedSetIfAbsent = async (
  redis: Redis,
  fence: FencingToken,
  key: string,
  value: string,
  ttlSeconds: number,
): Promise<FencedWrite> => {
  const [state, stored] = (await redis.eval(
    SET_IF_ABSENT_UNLESS_TAKEN_OVER,
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
      `The lease on ${fence.key} (holder ${fence.sequence}) was taken over before ${key} was recorded; its new holder records it.`,
      { retriable: true, context: { key, lease: fence.key, sequence: fence.sequence } },
    );
  }
  return { state: state === 'written' ? 'written' : 'stood', value: stored ?? value };
};
