import Redis from 'ioredis';

import { createIdempotencyStore } from '@orderflow/idempotency';
import { integrationSettings, uniqueName } from '@orderflow/testing';

describe('idempotency store on the real Redis', () => {
  const redis = new Redis(integrationSettings().redisUrl);
  const keyPrefix = `${uniqueName('idempotency')}.`;
  const store = createIdempotencyStore({ redis, keyPrefix, leaseMs: 5_000 });

  afterAll(async () => {
    const keys = await redis.keys(`${keyPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('leases an event once, refuses a second holder, and only the holder can mark it done', async () => {
    const first = await store.begin('inventory', 'evt-1');
    expect(first.state).toBe('acquired');
    const second = await store.begin('inventory', 'evt-1');
    expect(second.state).toBe('busy');
    expect(await store.complete('inventory', 'evt-1', 'not-the-token')).toBe(false);
    expect(await store.complete('inventory', 'evt-1', first.state === 'acquired' ? first.token : '')).toBe(
      true,
    );
    expect(await store.begin('inventory', 'evt-1')).toEqual({ state: 'done' });
  });

  it('keeps groups apart: the same event is new to another group', async () => {
    const inventory = await store.begin('inventory', 'evt-2');
    expect(inventory.state).toBe('acquired');
    expect((await store.begin('analytics', 'evt-2')).state).toBe('acquired');
  });

  it('frees an abandoned lease at once so a retry can take it', async () => {
    const claimed = await store.begin('payment', 'evt-3');
    if (claimed.state !== 'acquired') throw new Error('expected to acquire');
    await store.abandon('payment', 'evt-3', claimed.token);
    expect((await store.begin('payment', 'evt-3')).state).toBe('acquired');
  });

  it('puts an expiry on every lease, so a crashed holder cannot block its event forever', async () => {
    const short = createIdempotencyStore({ redis, keyPrefix, leaseMs: 1_000 });
    expect((await short.begin('payment', 'evt-4')).state).toBe('acquired');
    expect(Number(await redis.pttl(`${keyPrefix}idempotency:payment:evt-4`))).toBeLessThanOrEqual(1_000);
  });
});
