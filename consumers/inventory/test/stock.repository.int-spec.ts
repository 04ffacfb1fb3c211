import { Redis } from 'ioredis';

import { integrationSettings, uniqueName } from '@orderflow/testing';

import { StockRepository } from '../src/stock.repository';

// The Lua scripts against the real Redis: all-or-nothing, one winner per last unit, once per order.
describe('StockRepository against Redis', () => {
  const redis = new Redis(integrationSettings().redisUrl, { lazyConnect: true });
  const topicPrefix = `${uniqueName('inventory')}.`;
  const stock = new StockRepository({ redis, topicPrefix, reservationTtlSeconds: 600 });

  afterAll(async () => {
    const keys = await redis.keys(`${topicPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  const anyTime = expect.any(Number) as number;

  it('reserves every line of an order at once and remembers it', async () => {
    await stock.setStock({ 'A-1': 5, 'A-2': 3 });
    const lines = [
      { sku: 'A-1', quantity: 2 },
      { sku: 'A-2', quantity: 3 },
    ];
    expect(await stock.reserve('order-a', lines)).toEqual({ state: 'reserved', lines, at: anyTime });
    expect(await stock.readStock(['A-1', 'A-2'])).toEqual({ 'A-1': 3, 'A-2': 0 });
    expect(await stock.readReservation('order-a')).toEqual({ state: 'reserved', lines, at: anyTime });
    expect(await redis.ttl(stock.reservationKey('order-a'))).toBeGreaterThan(0);
  });

  it('reserves nothing when one line is short, reporting only the short lines (unknown sku = 0)', async () => {
    await stock.setStock({ 'B-1': 10, 'B-2': 1 });
    const record = await stock.reserve('order-b', [
      { sku: 'B-1', quantity: 4 },
      { sku: 'B-2', quantity: 2 },
      { sku: 'B-UNKNOWN', quantity: 1 },
    ]);
    expect(record).toEqual({
      state: 'rejected',
      missing: [
        { sku: 'B-2', requested: 2, available: 1 },
        { sku: 'B-UNKNOWN', requested: 1, available: 0 },
      ],
      at: anyTime,
    });
    expect(await stock.readStock(['B-1', 'B-2', 'B-UNKNOWN'])).toEqual({
      'B-1': 10,
      'B-2': 1,
      'B-UNKNOWN': 0,
    });
  });

  it('two orders racing for the last unit: exactly one wins', async () => {
    await stock.setStock({ 'C-LAST': 1 });
    const line = [{ sku: 'C-LAST', quantity: 1 }];
    const results = await Promise.all([stock.reserve('order-c1', line), stock.reserve('order-c2', line)]);
    expect(results.map((record) => record.state).sort()).toEqual(['rejected', 'reserved']);
    expect(await stock.readStock(['C-LAST'])).toEqual({ 'C-LAST': 0 });
  });

  it('the same order twice decrements stock once and returns the first outcome, with its time (F8)', async () => {
    await stock.setStock({ 'D-1': 10 });
    const line = [{ sku: 'D-1', quantity: 4 }];
    const [first, second] = await Promise.all([
      stock.reserve('order-d', line),
      stock.reserve('order-d', line),
    ]);
    const third = await stock.reserve('order-d', line);
    expect(first).toEqual({ state: 'reserved', lines: line, at: anyTime });
    expect(Math.abs((first.at ?? 0) - Date.now())).toBeLessThan(60_000);
    expect(second).toEqual(first);
    expect(third).toEqual(first);
    expect(await stock.readStock(['D-1'])).toEqual({ 'D-1': 6 });
  });

  it('a rejected order stays rejected even after the stock is refilled', async () => {
    await stock.setStock({ 'E-1': 0 });
    const line = [{ sku: 'E-1', quantity: 1 }];
    expect((await stock.reserve('order-e', line)).state).toBe('rejected');
    await stock.setStock({ 'E-1': 5 });
    expect((await stock.reserve('order-e', line)).state).toBe('rejected');
    expect(await stock.readStock(['E-1'])).toEqual({ 'E-1': 5 });
  });

  it('release twice gives the stock back once, remembering which event released it and when (F8)', async () => {
    await stock.setStock({ 'F-1': 3 });
    const line = [{ sku: 'F-1', quantity: 2 }];
    const reserved = await stock.reserve('order-f', line);
    expect(await stock.readStock(['F-1'])).toEqual({ 'F-1': 1 });

    const [first, second] = await Promise.all([
      stock.release('order-f', 'failed-f'),
      stock.release('order-f', 'failed-f'),
    ]);
    const { releasedAt } = first.record as { releasedAt?: number };
    expect(releasedAt).toBeGreaterThanOrEqual(reserved.at ?? Infinity);
    const released = { state: 'released', lines: line, releasedBy: 'failed-f', releasedAt, at: reserved.at };
    expect([first, second]).toEqual(
      expect.arrayContaining([
        { change: 'released', record: released },
        { change: 'unchanged', record: released },
      ]),
    );
    expect(await stock.release('order-f', 'failed-other')).toEqual({ change: 'unchanged', record: released });
    expect(await stock.readStock(['F-1'])).toEqual({ 'F-1': 3 });
  });

  it('a release ahead of its reservation (Redis rolled the record back) is remembered, and the reservation then takes nothing', async () => {
    await stock.setStock({ 'G-1': 7 });
    const ahead = await stock.release('order-lost', 'failed-lost');
    expect(ahead).toEqual({
      change: 'ahead',
      record: { state: 'released', lines: [], releasedBy: 'failed-lost', releasedAt: anyTime },
    });
    expect(await redis.ttl(stock.reservationKey('order-lost'))).toBeGreaterThan(0);

    // order.created read again after the failover: announced as the reservation it was, no stock taken.
    const line = [{ sku: 'G-1', quantity: 3 }];
    const late = await stock.reserve('order-lost', line);
    expect(late).toEqual({ ...ahead.record, lines: line, at: anyTime });
    expect(await stock.reserve('order-lost', line)).toEqual(late);
    expect(await stock.release('order-lost', 'failed-lost')).toEqual({ change: 'unchanged', record: late });
    expect(await stock.readStock(['G-1'])).toEqual({ 'G-1': 7 });
  });

  it('release of a rejected order changes nothing', async () => {
    await stock.setStock({ 'G-1': 7, 'G-2': 0 });
    const rejected = await stock.reserve('order-g', [{ sku: 'G-2', quantity: 1 }]);
    expect(await stock.release('order-g', 'failed-g')).toEqual({ change: 'unchanged', record: rejected });
    expect(await stock.readStock(['G-1', 'G-2'])).toEqual({ 'G-1': 7, 'G-2': 0 });
  });

  it('seed semantics: setStock sets, it does not add', async () => {
    await stock.setStock({ 'H-1': 4 });
    await stock.setStock({ 'H-1': 9 });
    expect(await stock.readStock(['H-1'])).toEqual({ 'H-1': 9 });
  });

  it('reports Redis trouble as a retriable DEPENDENCY_UNAVAILABLE', async () => {
    const closed = new Redis(integrationSettings().redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0 });
    closed.disconnect();
    const offline = new StockRepository({ redis: closed, topicPrefix });
    await expect(offline.reserve('order-x', [{ sku: 'X', quantity: 1 }])).rejects.toMatchObject({
      code: 'DEPENDENCY_UNAVAILABLE',
      retriable: true,
    });
  });
});
