import { randomUUID } from 'node:crypto';

import { Redis } from 'ioredis';

import { integrationSettings, uniqueName } from '@orderflow/testing';

import { decideOnExistingKey, type AcceptedOrder, type IdempotencyRecord } from '../src/idempotency-decision';
import { IdempotencyKeysRepository } from '../src/idempotency-keys.repository';

// The claim/complete/release protocol against the real Redis: the token-checked Lua scripts.
describe('IdempotencyKeysRepository against Redis', () => {
  const redis = new Redis(integrationSettings().redisUrl, { lazyConnect: true });
  const prefix = `${uniqueName('order-api-idem')}.`;
  const keys = new IdempotencyKeysRepository({ redis, topicPrefix: prefix });
  const order: AcceptedOrder = {
    orderId: randomUUID(),
    status: 'PENDING',
    totalCents: 2500,
    currency: 'EUR',
  };
  const claim = (key: string, token: string, bodyHash = 'h1', leaseMs = 60_000, occurredAt = Date.now()) =>
    keys.claim(key, { bodyHash, token, occurredAt, leaseMs, ttlSeconds: 3600 });
  const isOwn = (record: IdempotencyRecord, token: string): boolean =>
    record.state === 'claimed' && record.token === token;

  afterAll(async () => {
    const stored = await redis.keys(`${prefix}*`);
    if (stored.length > 0) await redis.del(...stored);
    await redis.quit();
  });

  it('lets exactly one of many concurrent claims win', async () => {
    const key = randomUUID();
    const tokens = Array.from({ length: 20 }, () => randomUUID());
    const claims = await Promise.all(tokens.map((token) => claim(key, token)));
    expect(claims.filter((record, index) => isOwn(record, tokens[index]!))).toHaveLength(1);
  });

  it('replays the completed answer for the same body and refuses a different body', async () => {
    const key = randomUUID();
    const token = randomUUID();
    expect(isOwn(await claim(key, token), token)).toBe(true);
    expect(decideOnExistingKey(await claim(key, randomUUID()), 'h1')).toEqual({ action: 'wait' });
    expect(decideOnExistingKey(await claim(key, randomUUID(), 'h2'), 'h2')).toEqual({ action: 'conflict' });

    expect(await keys.complete(key, { token, bodyHash: 'h1', order, ttlSeconds: 3600 })).toBe(true);
    expect(decideOnExistingKey(await claim(key, randomUUID()), 'h1')).toEqual({ action: 'replay', order });
    expect(decideOnExistingKey(await claim(key, randomUUID(), 'h2'), 'h2')).toEqual({ action: 'conflict' });
  });

  it('keeps a completed key for its TTL (24h by default)', async () => {
    const key = randomUUID();
    const token = randomUUID();
    await claim(key, token);
    await keys.complete(key, { token, bodyHash: 'h1', order, ttlSeconds: 86_400 });
    const ttl = await redis.ttl(`${prefix}order-api:idempotency:${key}`);
    expect(ttl).toBeGreaterThan(86_000);
    expect(ttl).toBeLessThanOrEqual(86_400);
  });

  it('passes a released key to the next claim with the same body, keeping the first event time (F1)', async () => {
    const key = randomUUID();
    const token = randomUUID();
    await claim(key, token, 'h1', 60_000, 1_000);
    expect(await keys.release(key, token)).toBe(true);

    expect(decideOnExistingKey(await claim(key, randomUUID(), 'h2'), 'h2')).toEqual({ action: 'conflict' });
    const next = randomUUID();
    const record = await claim(key, next, 'h1', 60_000, 2_000);
    expect(isOwn(record, next)).toBe(true);
    expect(record).toMatchObject({ occurredAt: 1_000 });
  });

  it('passes a claim whose lease expired to the next claim, keeping the first event time (F2)', async () => {
    const key = randomUUID();
    await claim(key, randomUUID(), 'h1', 50, 1_000);
    const next = randomUUID();
    let record = await claim(key, next, 'h1', 60_000, 2_000);
    for (let turn = 0; turn < 100 && !isOwn(record, next); turn += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      record = await claim(key, next, 'h1', 60_000, 2_000);
    }
    expect(isOwn(record, next)).toBe(true);
    expect(record).toMatchObject({ occurredAt: 1_000 });
  });

  it('takes a claim re-sent after a reconnect as the caller’s own, not someone else’s', async () => {
    const key = randomUUID();
    const token = randomUUID();
    await claim(key, token);
    expect(isOwn(await claim(key, token), token)).toBe(true);
  });

  it('never lets a request whose claim was taken over complete or release the new claim', async () => {
    const key = randomUUID();
    const stale = randomUUID();
    const current = randomUUID();
    await claim(key, current);

    expect(await keys.complete(key, { token: stale, bodyHash: 'h1', order, ttlSeconds: 3600 })).toBe(false);
    expect(await keys.release(key, stale)).toBe(false);
    expect(await keys.read(key)).toMatchObject({ state: 'claimed', bodyHash: 'h1', token: current });
  });

  it('cannot release a completed key', async () => {
    const key = randomUUID();
    const token = randomUUID();
    await claim(key, token);
    await keys.complete(key, { token, bodyHash: 'h1', order, ttlSeconds: 3600 });
    expect(await keys.release(key, token)).toBe(false);
    expect(await keys.read(key)).toEqual({ state: 'completed', bodyHash: 'h1', order });
  });

  it('remembers a claim (body and event time) for the key’s TTL, beyond its lease', async () => {
    const key = randomUUID();
    await claim(key, randomUUID(), 'h1', 30_000);
    const ttlSeconds = await redis.ttl(`${prefix}order-api:idempotency:${key}`);
    expect(ttlSeconds).toBeGreaterThan(3_500);
    expect(ttlSeconds).toBeLessThanOrEqual(3_600);
  });
});
