import type { Redis } from 'ioredis';

import { redisCall, redisScript } from '@orderflow/redis';

/**
 * Per-key order through the retry tiers, for a group that declares `ordering: per-key` (topics.yaml).
 *
 * While a record of key K waits in one of the group's retry tiers, `retrying:<group>:<K>` holds the ids
 * (original `topic:partition:offset`) of K's records not yet dealt with, oldest first, and
 * `retrying-tier:<group>:<K>` the tier the oldest one was last sent to. A record of K is handled only when
 * the list is empty or it is the list's first; any other record of K is "behind": it joins the list (once)
 * and is sent to that tier, where it lands after the one it waits for. The list's order is the order the
 * group first read K's records in, so K's records are handled in that order whichever tiers they pass
 * through; tiers only decide how soon a held record looks again.
 *
 * The mark clears when its last record succeeded or was dead-lettered (the DLQ is an operator's decision:
 * what waited behind a dead letter proceeds).
 */
export type HoldState =
  { state: 'free' } | { state: 'first' } | { state: 'behind'; tierIndex: number; behind: string };

export interface HoldBack {
  /** Where a record of `key` stands; a record found behind is added to the list (once) here. */
  admit(key: string, id: string): Promise<HoldState>;
  /** Before a retry copy is sent: the record joins the list, and if it is first, its tier is noted. */
  markRetrying(key: string, id: string, tierIndex: number): Promise<void>;
  /** The record succeeded or was dead-lettered: it leaves the list, and an empty list clears the mark. */
  release(key: string, id: string): Promise<void>;
}

/** One key held in a group's retry tiers, as `orderflow dlq`/`lag` and /metrics show it. */
export interface HeldKey {
  key: string;
  /** Records of the key not yet dealt with, the one waiting in a tier included. */
  records: number;
  /** The record the others wait for (`topic:partition:offset`) and the tier index it was last sent to. */
  head: string;
  tierIndex: number;
}

// Retry tiers keep records 30 days (topics.yaml derived.retry): a mark outlives the copies it waits for by a
// day, and then expires, so a mark whose records were lost (tiers reset by hand) cannot hold a key forever.
const MARK_TTL_MS = 31 * 24 * 60 * 60 * 1000;

const markKey = (keyPrefix: string, group: string, key: string): string =>
  `${keyPrefix}retrying:${group}:${key}`;
const tierKey = (keyPrefix: string, group: string, key: string): string =>
  `${keyPrefix}retrying-tier:${group}:${key}`;

/** KEYS: mark, tier; ARGV: id, ttl ms. Answers {'free'}, {'first'} or {'behind', tierIndex, head}. */
const ADMIT = redisScript(`
if redis.call('LLEN', KEYS[1]) == 0 then return {'free'} end
local head = redis.call('LINDEX', KEYS[1], 0)
if head == ARGV[1] then return {'first'} end
if not redis.call('LPOS', KEYS[1], ARGV[1]) then
  redis.call('RPUSH', KEYS[1], ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return {'behind', redis.call('GET', KEYS[2]) or '0', head}
`);

/** KEYS: mark, tier; ARGV: id, tier index, ttl ms. */
const MARK = redisScript(`
if not redis.call('LPOS', KEYS[1], ARGV[1]) then redis.call('RPUSH', KEYS[1], ARGV[1]) end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
if redis.call('LINDEX', KEYS[1], 0) == ARGV[1] then redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3]) end
return 1
`);

/** KEYS: mark, tier; ARGV: id. Answers the records left. */
const RELEASE = redisScript(`
redis.call('LREM', KEYS[1], 0, ARGV[1])
local left = redis.call('LLEN', KEYS[1])
if left == 0 then redis.call('DEL', KEYS[2]) end
return left
`);

export const createHoldBack = ({
  redis,
  keyPrefix,
  group,
}: {
  redis: Redis;
  keyPrefix: string;
  group: string;
}): HoldBack => {
  const keys = (key: string): string[] => [markKey(keyPrefix, group, key), tierKey(keyPrefix, group, key)];
  return {
    async admit(key, id) {
      const answer = (await redisCall('read the hold-back mark', { group, key }, () =>
        ADMIT.run(redis, keys(key), [id, MARK_TTL_MS]),
      )) as [string, string?, string?];
      if (answer[0] === 'behind')
        return { state: 'behind', tierIndex: Number(answer[1]), behind: answer[2] ?? '' };
      return { state: answer[0] === 'first' ? 'first' : 'free' };
    },
    async markRetrying(key, id, tierIndex) {
      await redisCall('write the hold-back mark', { group, key }, () =>
        MARK.run(redis, keys(key), [id, tierIndex, MARK_TTL_MS]),
      );
    },
    async release(key, id) {
      await redisCall('clear the hold-back mark', { group, key }, () => RELEASE.run(redis, keys(key), [id]));
    },
  };
};

// SCAN's MATCH is a glob: a prefix from a test namespace must match itself only.
const globEscaped = (text: string): string => text.replace(/[*?[\]\\]/g, '\\$&');

/** The keys a group holds back now, up to `limit`, with what each waits for. */
export const readHeldKeys = async ({
  redis,
  keyPrefix,
  group,
  limit = 1_000,
}: {
  redis: Redis;
  keyPrefix: string;
  group: string;
  limit?: number;
}): Promise<HeldKey[]> => {
  const prefix = markKey(keyPrefix, group, '');
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${globEscaped(prefix)}*`, 'COUNT', 500);
    cursor = next;
    found.push(...batch);
  } while (cursor !== '0' && found.length < limit);
  const held = await Promise.all(
    found.slice(0, limit).map(async (mark): Promise<HeldKey | undefined> => {
      const key = mark.slice(prefix.length);
      const [[, records], [, head], [, tier]] = (await redis
        .multi()
        .llen(mark)
        .lindex(mark, 0)
        .get(tierKey(keyPrefix, group, key))
        .exec()) as [[null, number], [null, string | null], [null, string | null]];
      return records > 0 ? { key, records, head: head ?? '', tierIndex: Number(tier ?? 0) } : undefined;
    }),
  );
  return held
    .filter((entry): entry is HeldKey => entry !== undefined)
    .sort((a, b) => (a.key < b.key ? -1 : 1));
};
