import Redis from 'ioredis';

import { createIdempotencyStore, fencedSetIfAbsent } from '@orderflow/idempotency';
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

  it('fences: each holder of an event gets a higher sequence, and a write under a lease taken over is refused (F7)', async () => {
    const first = await store.begin('payment', 'evt-5');
    if (first.state !== 'acquired') throw new Error('expected to acquire');
    await redis.del(first.fence.key); // the lease expired under its holder
    const second = await store.begin('payment', 'evt-5');
    if (second.state !== 'acquired') throw new Error('expected to acquire again');
    expect(second.fence.sequence).toBeGreaterThan(first.fence.sequence);

    const effect = `${keyPrefix}effect:evt-5`;
    await expect(fencedSetIfAbsent(redis, first.fence, effect, 'stale', 60)).rejects.toMatchObject({
      code: 'LEASE_LOST',
      retriable: true,
    });
    expect(await fencedSetIfAbsent(redis, second.fence, effect, 'current', 60)).toEqual({
      state: 'written',
      value: 'current',
    });
    expect(await fencedSetIfAbsent(redis, second.fence, effect, 'again', 60)).toEqual({
      state: 'stood',
      value: 'current',
    });
  });

  it('records under a lease that expired with no one holding the event since: the effect happened (case 9)', async () => {
    const claimed = await store.begin('notification-sender', 'evt-7');
    if (claimed.state !== 'acquired') throw new Error('expected to acquire');
    await redis.del(claimed.fence.key); // expired while Redis was stalled; no other delivery yet
    const effect = `${keyPrefix}effect:evt-7`;
    expect(await fencedSetIfAbsent(redis, claimed.fence, effect, 'sent', 60)).toEqual({
      state: 'written',
      value: 'sent',
    });
    // Once the event is finished by a later holder, the old fence is refused again.
    const next = await store.begin('notification-sender', 'evt-7');
    if (next.state !== 'acquired') throw new Error('expected to acquire again');
    expect(await store.complete('notification-sender', 'evt-7', next.token)).toBe(true);
    await expect(fencedSetIfAbsent(redis, claimed.fence, effect, 'late', 60)).rejects.toMatchObject({
      code: 'LEASE_LOST',
    });
  });

  it('reports what is left of another holder’s lease, so the record can be read again then (F10)', async () => {
    await redis.set(`${keyPrefix}idempotency:payment:evt-6`, 'lease:another-consumer', 'PX', 4_000);
    const busy = await store.begin('payment', 'evt-6');
    expect(busy.state).toBe('busy');
    expect(busy.state === 'busy' && busy.retryInMs).toBeGreaterThan(3_000);
  });
});
