import Redis from 'ioredis';

import { createIdempotencyStore, doneMarkers } from '@orderflow/idempotency';
import { integrationSettings, uniqueName } from '@orderflow/testing';

// Pins doneMarkers to the store's key layout and values: if one changes, this fails.
describe('done markers: what an operator sees and forgets of the idempotency store', () => {
  const redis = new Redis(integrationSettings().redisUrl);
  const keyPrefix = `${uniqueName('done-markers')}.`;
  const store = createIdempotencyStore({ redis, keyPrefix, leaseMs: 5_000 });
  const markers = doneMarkers({ redis, keyPrefix, group: 'analytics' });

  afterAll(async () => {
    const keys = await redis.keys(`${keyPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('sees the markers the store writes, forgets done ones only, and the store then leases them anew (F11a)', async () => {
    const done = await store.begin('analytics', 'evt-done');
    await store.complete('analytics', 'evt-done', done.state === 'acquired' ? done.token : '');
    const leased = await store.begin('analytics', 'evt-leased');
    expect(leased.state).toBe('acquired');

    expect(await markers.areDone(['evt-done', 'evt-leased', 'evt-unknown'])).toEqual([true, false, false]);
    expect(await markers.forget(['evt-done', 'evt-leased', 'evt-unknown'])).toBe(1);
    expect((await store.begin('analytics', 'evt-done')).state).toBe('acquired');
    expect((await store.begin('analytics', 'evt-leased')).state).toBe('busy');
  });
});
