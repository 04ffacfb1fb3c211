import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Redis from 'ioredis';

import { StockRepository } from '@orderflow/inventory';
import type { ToolConsumer } from '@orderflow/kafka';
import { createTestNamespace, kafkaFor, waitFor, type TestNamespace } from '@orderflow/testing';

import { orderflow } from './cli-test-kit';

describe('orderflow stock: set and seed refuse while inventory runs (F11h)', () => {
  let namespace: TestNamespace;
  let redis: Redis;
  let stock: StockRepository;
  let inventory: ToolConsumer;
  let seedDir: string;

  beforeAll(async () => {
    namespace = createTestNamespace('stock-guard');
    redis = new Redis(namespace.settings.redisUrl);
    stock = new StockRepository({ redis, topicPrefix: namespace.prefix });
    seedDir = mkdtempSync(join(tmpdir(), 'stock-seed-'));
    writeFileSync(join(seedDir, 'seed.json'), JSON.stringify({ 'SKU-A': 10, 'SKU-B': 20 }));
    await namespace.createTopics([{ topic: 'order.created', partitions: 1 }]);
    // A stand-in for the running inventory service: a live member of its group.
    inventory = kafkaFor(namespace, 'orderflow-test-inventory').consumer({
      groupId: `${namespace.prefix}inventory`,
    });
    await inventory.connect();
    await inventory.subscribe({ topics: [`${namespace.prefix}order.created`] });
    await inventory.run({ eachMessage: () => Promise.resolve() });
    const admin = await namespace.admin();
    await waitFor(
      async () =>
        ((await admin.describeGroups([`${namespace.prefix}inventory`])).groups[0]?.members.length ?? 0) > 0 ||
        undefined,
      { description: 'the inventory group to have a live member', timeoutMs: 20_000 },
    );
  });

  afterAll(async () => {
    await inventory.disconnect();
    redis.disconnect();
    rmSync(seedDir, { recursive: true, force: true });
    await namespace.cleanup();
  });

  const prefix = () => ['--topic-prefix', namespace.prefix];

  it('refuses `stock set` and `stock seed` while the inventory group has live members, changing nothing', async () => {
    const set = await orderflow('stock', 'set', 'SKU-A=5', ...prefix());
    expect(set.code).toBe(1);
    expect(set.stderr).toMatch(/inventory has 1 live member\(s\).*would overwrite its reservations/);
    const seed = await orderflow('stock', 'seed', '--file', join(seedDir, 'seed.json'), ...prefix());
    expect(seed.code).toBe(1);
    expect(await stock.readStock()).toEqual({});
  });

  it('adds only missing skus with `stock seed --missing-only` while it runs, keeping what reservations changed', async () => {
    const args = ['stock', 'seed', '--missing-only', '--file', join(seedDir, 'seed.json'), ...prefix()];
    const first = await orderflow(...args);
    expect(first.code).toBe(0);
    expect(await stock.readStock()).toEqual({ 'SKU-A': 10, 'SKU-B': 20 });
    // A reservation takes 3 units; a second seed (a second `npm start`) must not give them back.
    await redis.hincrby(`${namespace.prefix}inventory:stock`, 'SKU-A', -3);
    const second = await orderflow(...args);
    expect(second.stdout).toMatch(/Added 0 missing sku\(s\)/);
    expect(await stock.readStock()).toEqual({ 'SKU-A': 7, 'SKU-B': 20 });
  });

  it('sets stock once the inventory group is stopped', async () => {
    await inventory.disconnect();
    const set = await orderflow('stock', 'set', 'SKU-A=5', ...prefix());
    expect(set.stderr).toBe('');
    expect(set.code).toBe(0);
    expect(await stock.readStock(['SKU-A'])).toEqual({ 'SKU-A': 5 });
  });
});
