import { createRedisClient } from '@orderflow/redis';
import { integrationSettings, uniqueName } from '@orderflow/testing';

import { createHoldBack, readHeldKeys } from '@orderflow/retry';

/**
 * The hold-back marks on the real Redis, step by step: the cases a consumer crash or a duplicate copy can
 * produce, which the probe tests cannot time exactly.
 */
describe('hold-back marks in Redis', () => {
  const redis = createRedisClient(integrationSettings().redisUrl, 'hold-back-test');
  const keyPrefix = `${uniqueName('hold-back')}.`;
  const store = createHoldBack({ redis, keyPrefix, group: 'probe' });
  const held = () => readHeldKeys({ redis, keyPrefix, group: 'probe' });

  afterAll(async () => {
    const keys = await redis.keys(`${keyPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('keeps a key’s records in first-read order, adds each once, and clears only after the last (F14)', async () => {
    expect(await store.admit('k', 'order.created:0:1')).toEqual({ state: 'free' });
    await store.markRetrying('k', 'order.created:0:1', 0);
    // Read again after a crash between marking and sending: it is still first, so it is handled, not held.
    expect(await store.admit('k', 'order.created:0:1')).toEqual({ state: 'first' });
    expect(await store.admit('k', 'order.created:0:2')).toEqual({
      state: 'behind',
      tierIndex: 0,
      behind: 'order.created:0:1',
    });
    // A second copy of a held record (sent again after a crash) does not join twice.
    await store.admit('k', 'order.created:0:2');
    await store.admit('k', 'order.created:0:3');
    await store.markRetrying('k', 'order.created:0:1', 1);
    expect(await store.admit('k', 'order.created:0:3')).toMatchObject({ state: 'behind', tierIndex: 1 });
    expect(await held()).toEqual([{ key: 'k', records: 3, head: 'order.created:0:1', tierIndex: 1 }]);
    expect(await store.admit('other', 'order.created:0:4')).toEqual({ state: 'free' });

    // Its head dead-lettered: the next in line is first, the one after it still behind.
    await store.release('k', 'order.created:0:1');
    expect(await store.admit('k', 'order.created:0:2')).toEqual({ state: 'first' });
    expect(await store.admit('k', 'order.created:0:3')).toMatchObject({
      state: 'behind',
      behind: 'order.created:0:2',
    });
    await store.release('k', 'order.created:0:2');
    await store.release('k', 'order.created:0:3');
    expect(await held()).toEqual([]);
    expect(await redis.keys(`${keyPrefix}*`)).toEqual([]);
  });

  it('gives every mark an expiry, so a mark whose copies were lost cannot hold its key forever', async () => {
    await store.markRetrying('lost', 'order.created:0:9', 2);
    const ttls = await Promise.all((await redis.keys(`${keyPrefix}*lost`)).map((key) => redis.pttl(key)));
    expect(ttls).toHaveLength(2);
    expect(ttls.every((ttl) => ttl > 30 * 24 * 3_600_000)).toBe(true);
  });
});
