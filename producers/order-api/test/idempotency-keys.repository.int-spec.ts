import { randomUUID } from 'node:crypto';

import { Redis } from 'ioredis';

import { integrationSettings, uniqueName } from '@orderflow/testing';

import { decideOnExistingKey, type AcceptedOrder } from '../src/idempotency-decision';
import { IdempotencyKeysRepository } from '../src/idempotency-keys.repository';

// The claim/complete/release protocol against the real Redis: SET NX and the token-checked Lua scripts.
describe('IdempotencyKeysRepository against Redis', () => {
  const redis = new Redis(integrationSettings().redisUrl, { lazyConnect: true });
  const prefix = `${uniqueName('order-api-idem')}.`;
  const keys = new IdempotencyKeysRepository(redis, { topicPrefix: prefix });
  const order: AcceptedOrder = {
    orderId: randomUUID(),
    status: 'PENDING',
    totalCents: 2500,
    currency: 'EUR',
  };
  const leaseMs = 60_000;

  afterAll(async () => {
    const stored = await redis.keys(`${prefix}*`);
    if (stored.length > 0) await redis.del(...stored);
    await redis.quit();
  });

  it('lets exactly one of many concurrent claims win', async () => {
    const key = randomUUID();
    const claims = await Promise.all(
      Array.from({ length: 20 }, () => keys.claim(key, { bodyHash: 'h1', token: randomUUID(), leaseMs })),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it('replays the completed answer for the same body and refuses a different body', async () => {
    const key = randomUUID();
    const token = randomUUID();
    expect(await keys.claim(key, { bodyHash: 'h1', token, leaseMs })).toBe(true);
    expect(decideOnExistingKey(await keys.read(key), 'h1')).toEqual({ action: 'wait' });
    expect(decideOnExistingKey(await keys.read(key), 'h2')).toEqual({ action: 'conflict' });

    expect(await keys.complete(key, { token, bodyHash: 'h1', order, ttlSeconds: 3600 })).toBe(true);
    expect(await keys.claim(key, { bodyHash: 'h1', token: randomUUID(), leaseMs })).toBe(false);
    expect(decideOnExistingKey(await keys.read(key), 'h1')).toEqual({ action: 'replay', order });
    expect(decideOnExistingKey(await keys.read(key), 'h2')).toEqual({ action: 'conflict' });
  });

  it('keeps a completed key for its TTL (24h by default)', async () => {
    const key = randomUUID();
    const token = randomUUID();
    await keys.claim(key, { bodyHash: 'h1', token, leaseMs });
    await keys.complete(key, { token, bodyHash: 'h1', order, ttlSeconds: 86_400 });
    const ttl = await redis.ttl(`${prefix}order-api:idempotency:${key}`);
    expect(ttl).toBeGreaterThan(86_000);
    expect(ttl).toBeLessThanOrEqual(86_400);
  });

  it('frees a released key for the next claim', async () => {
    const key = randomUUID();
    const token = randomUUID();
    await keys.claim(key, { bodyHash: 'h1', token, leaseMs });
    expect(await keys.release(key, token)).toBe(true);
    expect(await keys.read(key)).toBeNull();
    expect(decideOnExistingKey(null, 'h1')).toEqual({ action: 'claim-again' });
    expect(await keys.claim(key, { bodyHash: 'h1', token: randomUUID(), leaseMs })).toBe(true);
  });

  it('never lets a request whose claim was taken over complete or release the new claim', async () => {
    const key = randomUUID();
    const stale = randomUUID();
    const current = randomUUID();
    await keys.claim(key, { bodyHash: 'h1', token: current, leaseMs });

    expect(await keys.complete(key, { token: stale, bodyHash: 'h1', order, ttlSeconds: 3600 })).toBe(false);
    expect(await keys.release(key, stale)).toBe(false);
    expect(await keys.read(key)).toEqual({ state: 'claimed', bodyHash: 'h1', token: current });
  });

  it('cannot release a completed key', async () => {
    const key = randomUUID();
    const token = randomUUID();
    await keys.claim(key, { bodyHash: 'h1', token, leaseMs });
    await keys.complete(key, { token, bodyHash: 'h1', order, ttlSeconds: 3600 });
    expect(await keys.release(key, token)).toBe(false);
    expect(await keys.read(key)).toEqual({ state: 'completed', bodyHash: 'h1', order });
  });

  it('expires an abandoned claim with its lease', async () => {
    const key = randomUUID();
    await keys.claim(key, { bodyHash: 'h1', token: randomUUID(), leaseMs: 30_000 });
    const ttlMs = await redis.pttl(`${prefix}order-api:idempotency:${key}`);
    expect(ttlMs).toBeGreaterThan(0);
    expect(ttlMs).toBeLessThanOrEqual(30_000);
  });
});
