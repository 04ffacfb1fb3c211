import { Controller, Inject, Module, type DynamicModule } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import Redis from 'ioredis';

import type { OrderCreated } from '@orderflow/contracts';
import type { AvroSerde } from '@orderflow/registry';
import {
  createTestNamespace,
  produceRecords,
  provisionNamespace,
  waitFor,
  type TestNamespace,
} from '@orderflow/testing';
import { parseTopicsFile, type TopicsFile } from '@orderflow/topics';

import {
  readRuntimeConfig,
  REDIS_CLIENT,
  RUNTIME_CONFIG,
  redisKey,
  startService,
  type RunningService,
  type RuntimeConfig,
} from '@orderflow/service-runtime';
import { redisScript } from '@orderflow/redis';

import { startPrivateRedis, type PrivateRedis } from './private-redis';
import { anOrder } from './runtime-test-kit';

// A stock group of its own (not in topics.yaml) over two partitions, so its handler can be the test's.
const topicsFile = (): TopicsFile =>
  parseTopicsFile({
    source: 'redis durability topics',
    text: `
defaults: { partitions: 2, configs: { cleanup.policy: delete } }
environments: { local: { replicationFactor: 1, configs: { min.insync.replicas: 1 } } }
derived: { retry: { configs: { retention.ms: 600000 } }, dlq: {} }
groups: { stock: { service: consumers/stock, retry: [500ms, 1s, 2s] } }
topics:
  order.created: { owner: producers/order-api, key: orderId, consumers: [stock] }
`,
  });

const SEED = 100_000;

/**
 * The effect, as inventory makes it: one Lua call takes a unit of stock and records the order, once per
 * order. KEYS[1] stock units, KEYS[2] the set of orders reserved; ARGV[1] the orderId.
 */
const reserveOnce = redisScript(`
if redis.call('SADD', KEYS[2], ARGV[1]) == 1 then redis.call('DECRBY', KEYS[1], 1) end
return 1
`);

const stockKeys = (prefix: string) => ({
  units: redisKey({ topicPrefix: prefix }, 'stock', 'units'),
  reserved: redisKey({ topicPrefix: prefix }, 'stock', 'reserved'),
});

/** A stock group whose handler reserves through the runtime's Redis; `handled` lists every call. */
const stockModule = (handled: string[]): DynamicModule => {
  @Controller()
  class StockHandler {
    constructor(
      @Inject(REDIS_CLIENT) private readonly redis: Redis,
      @Inject(RUNTIME_CONFIG) private readonly runtime: RuntimeConfig,
    ) {}

    @EventPattern('order.created')
    async onOrderCreated(@Payload() event: OrderCreated): Promise<void> {
      handled.push(event.orderId);
      const keys = stockKeys(this.runtime.topicPrefix);
      await reserveOnce.run(this.redis, [keys.units, keys.reserved], [event.orderId]);
    }
  }
  @Module({ controllers: [StockHandler] })
  class StockModule {}
  return { module: StockModule };
};

interface Rig {
  namespace: TestNamespace;
  serde: AvroSerde;
  redis: PrivateRedis;
  /** The test's own connection to the private Redis (reads answer undefined while it is down). */
  reader: Redis;
  service: RunningService;
  handled: string[];
  logLines: string[];
  close(): Promise<void>;
}

const startRig = async (label: string): Promise<Rig> => {
  const topics = topicsFile();
  const namespace = createTestNamespace(label);
  const { serde } = await provisionNamespace(namespace, { topics, schemaTopics: ['order.created'] });
  const redis = await startPrivateRedis();
  const reader = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  await reader.set(stockKeys(namespace.prefix).units, SEED);
  const runtime = {
    ...readRuntimeConfig(
      { service: 'stock', group: 'stock', portVariable: 'STOCK_PORT', defaultPort: 0 },
      { ...process.env, LOG_LEVEL: 'warn' },
    ),
    topicPrefix: namespace.prefix,
  };
  runtime.settings = { ...runtime.settings, redisUrl: redis.url };
  // Frequent commits (more offsets at stake), a short lease (a record whose claim died with Redis is
  // taken over soon).
  runtime.consumer = { ...runtime.consumer, commitIntervalMs: 100, leaseMs: 2_000 };
  const handled: string[] = [];
  const logLines: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk, ...rest) => {
    const line = String(chunk);
    if (line.includes('"offsets.')) logLines.push(line);
    return write(chunk, ...(rest as []));
  });
  const service = await startService({ module: stockModule(handled), runtime, topics });
  await service.whenConsuming();
  return {
    namespace,
    serde,
    redis,
    reader,
    service,
    handled,
    logLines,
    async close() {
      await service.close();
      spy.mockRestore();
      reader.disconnect();
      await redis.close();
      await namespace.cleanup();
    },
  };
};

const produceOrders = async (rig: Rig, from: number, count: number): Promise<void> => {
  const ids = Array.from({ length: count }, (_, n) => `order-${from + n}`);
  const records = await Promise.all(
    ids.map(async (id) => ({ key: id, value: await rig.serde.encode('order.created', anOrder(id)) })),
  );
  await produceRecords(rig.namespace, 'order.created', records);
};

/**
 * Produces orders a few at a time, as a live stream does: batches stay small, so offsets are committed
 * (to Redis, then Kafka) while records are still arriving.
 */
const feedOrders = async (rig: Rig, from: number, count: number, chunk = 20): Promise<void> => {
  for (let n = 0; n < count; n += chunk) await produceOrders(rig, from + n, Math.min(chunk, count - n));
};

const physical = (rig: Rig): string => `${rig.namespace.prefix}order.created`;

/** Kafka's committed offset per partition ('-1' where none) and the topic's end offsets. */
const kafkaOffsets = async (rig: Rig) => {
  const admin = await rig.namespace.admin();
  const [committed] = await admin.fetchOffsets({
    groupId: `${rig.namespace.prefix}stock`,
    topics: [physical(rig)],
  });
  const ends = await admin.fetchTopicOffsets(physical(rig));
  return {
    committed: new Map(committed?.partitions.map(({ partition, offset }) => [partition, BigInt(offset)])),
    ends: new Map(ends.map(({ partition, high }) => [partition, BigInt(high)])),
  };
};

/** Where the group keeps its partitions' next offsets in Redis. */
const storedOffsetKeys = (rig: Rig): string[] =>
  [0, 1].map((partition) => `${rig.namespace.prefix}offsets:stock:${physical(rig)}:${partition}`);

/** Redis killed and started again on the data folder of `snapshot`: what it acknowledged since is gone. */
const restoreRedis = async (rig: Rig, snapshot: string): Promise<void> => {
  await rig.redis.kill();
  rig.redis.restore(snapshot);
  await rig.redis.start();
};

/** What the private Redis holds: stock, orders reserved, done markers and the group's stored offsets. */
const redisState = async (rig: Rig) => {
  const prefix = rig.namespace.prefix;
  const keys = stockKeys(prefix);
  const [units, reserved, stored] = await Promise.all([
    rig.reader.get(keys.units),
    rig.reader.scard(keys.reserved),
    rig.reader.mget(storedOffsetKeys(rig)),
  ]);
  const markers = await rig.reader.keys(`${prefix}idempotency:stock:*`);
  const done = markers.length === 0 ? 0 : (await rig.reader.mget(markers)).filter((v) => v === 'done').length;
  return { units: Number(units), reserved, stored: stored.map((value) => BigInt(value ?? 0)), done };
};

const tryRedisState = (rig: Rig) => redisState(rig).catch(() => undefined);

/** Resolves once every record is reserved and Kafka and Redis both hold the end offsets. */
const waitForAllDone = async (rig: Rig, total: number, description: string) =>
  waitFor(
    async () => {
      const state = await tryRedisState(rig);
      if (state?.reserved !== total) return undefined;
      const { committed, ends } = await kafkaOffsets(rig);
      const settled = [...ends].every(
        ([partition, end]) => committed.get(partition) === end && state.stored[partition] === end,
      );
      return settled ? state : undefined;
    },
    { description, timeoutMs: 60_000, intervalMs: 100 },
  );

describe('consumer runtime: Redis durability', () => {
  it('refuses to start a service on a Redis that evicts keys, naming maxmemory-policy (F4)', async () => {
    const redis = await startPrivateRedis();
    const admin = new Redis(redis.url);
    try {
      await admin.config('SET', 'maxmemory-policy', 'allkeys-lru');
      const runtime = readRuntimeConfig(
        { service: 'stock', group: 'stock', portVariable: 'STOCK_PORT', defaultPort: 0 },
        { ...process.env, LOG_LEVEL: 'error' },
      );
      runtime.settings = { ...runtime.settings, redisUrl: redis.url };
      const refused: unknown = await startService({
        module: stockModule([]),
        runtime,
        topics: topicsFile(),
      }).catch((error: unknown) => error);
      expect(refused).toMatchObject({
        code: 'CONFIG_INVALID',
        context: { key: 'maxmemory-policy', value: 'allkeys-lru' },
      });
      expect(String((refused as Error).message)).toContain('maxmemory-policy noeviction');
    } finally {
      admin.disconnect();
      await redis.close();
    }
  });

  it('Redis SIGKILLed mid-stream: every effect exactly once, and no offset in Kafka or Redis ahead of an undone record (F4)', async () => {
    const rig = await startRig('redis-sigkill');
    try {
      // The first 200 orders are done and their offsets committed; Redis is killed once the next ones are
      // being worked on, while the rest are still arriving, however fast the machine is.
      const total = 600;
      const settled = 200;
      await feedOrders(rig, 0, settled);
      await waitForAllDone(rig, settled, 'the first orders reserved and committed');
      const feeding = feedOrders(rig, settled, total - settled);
      const beforeKill = await waitFor(
        async () => {
          const state = await tryRedisState(rig);
          return state && state.reserved > settled ? state : undefined;
        },
        { description: 'orders after the first 200 being reserved', timeoutMs: 30_000, intervalMs: 5 },
      );
      await rig.redis.kill();
      const killedAt = Date.now();
      const { committed: committedAtKill } = await kafkaOffsets(rig);
      await rig.redis.start();

      // Read Kafka first, then Redis: both only move forward, so this order can only favour Kafka.
      const { committed } = await kafkaOffsets(rig);
      const restarted = await redisState(rig);
      for (const [partition, offset] of committed) {
        expect(restarted.stored[partition]).toBeGreaterThanOrEqual(offset);
      }
      // Every record below Redis's stored offsets was done, with its effect, when Redis died.
      const belowStored = restarted.stored.reduce((sum, offset) => sum + offset, 0n);
      expect(BigInt(restarted.done)).toBeGreaterThanOrEqual(belowStored);
      expect(BigInt(restarted.reserved)).toBeGreaterThanOrEqual(belowStored);

      await feeding;
      const final = await waitForAllDone(rig, total, 'every order reserved and committed after the restart');
      expect(final.units).toBe(SEED - total);
      expect(final.done).toBe(total);
      expect(rig.logLines.filter((line) => line.includes('offsets.rolled-back'))).toEqual([]);
      // The kill hit a flowing stream with offsets already committed.
      expect(beforeKill.reserved).toBeLessThan(total);
      expect([...committedAtKill.values()].some((offset) => offset >= 50n)).toBe(true);
      console.log(
        `[F4 SIGKILL] reserved at kill ≥ ${beforeKill.reserved}/${total}, Kafka committed ` +
          `${[...committedAtKill.values()].join('/')}; after restart: ${restarted.reserved} ` +
          `reserved, ${restarted.done} done, stored offsets ${restarted.stored.join('/')} vs Kafka ` +
          `${[...committed.values()].join('/')}; all done ${Date.now() - killedAt} ms after the kill; ` +
          `handler calls ${rig.handled.length} for ${total} orders`,
      );
    } finally {
      await rig.close();
    }
  });

  it('Redis restored from an older copy of its data: the rollback is detected, the consumer seeks back and the lost effects are redone exactly once (F4)', async () => {
    const rig = await startRig('redis-rollback');
    try {
      // The copy is taken once the first 100 orders are done and their offsets stored, so the 300 after
      // it are what the restored Redis loses, however fast the machine works through them.
      const first = 400;
      const beforeCopy = 100;
      await feedOrders(rig, 0, beforeCopy);
      await waitForAllDone(rig, beforeCopy, 'the orders before the copy reserved and committed');
      const snapshot = rig.redis.snapshot();
      await feedOrders(rig, beforeCopy, first - beforeCopy);
      const beforeRollback = await waitForAllDone(rig, first, 'the first orders reserved and committed');

      await restoreRedis(rig, snapshot);
      const rolledBack = await redisState(rig);
      const lost = first - rolledBack.reserved;
      // The copy is older than Kafka's commits: effects and stored offsets are both behind.
      expect(lost).toBeGreaterThan(0);
      expect(rolledBack.units).toBe(SEED - rolledBack.reserved);
      const { committed } = await kafkaOffsets(rig);
      expect([...committed].some(([partition, offset]) => rolledBack.stored[partition]! < offset)).toBe(true);

      const callsBefore = rig.handled.length;
      const detectedFrom = Date.now();
      const more = 100;
      await produceOrders(rig, first, more);
      const final = await waitForAllDone(
        rig,
        first + more,
        'the lost and the new orders reserved and committed',
      );

      expect(final.units).toBe(SEED - first - more);
      expect(final.done).toBe(first + more);
      const rollbacks = rig.logLines.filter((line) => line.includes('"offsets.rolled-back"'));
      expect(rollbacks.length).toBeGreaterThan(0);
      // The lost orders were handled again: each at least twice in all.
      const calls = new Map<string, number>();
      for (const orderId of rig.handled) calls.set(orderId, (calls.get(orderId) ?? 0) + 1);
      const handledTwice = [...calls.values()].filter((count) => count >= 2).length;
      expect(handledTwice).toBeGreaterThanOrEqual(lost);
      console.log(
        `[F4 rollback] ${beforeRollback.reserved} reserved before, ${rolledBack.reserved} after restoring the ` +
          `copy (${lost} lost; stored offsets ${rolledBack.stored.join('/')} vs Kafka ` +
          `${[...committed.values()].join('/')}); ${rollbacks.length} partition(s) sought back; all ` +
          `${first + more} reserved once ${Date.now() - detectedFrom} ms after the next records; handler ` +
          `calls ${rig.handled.length - callsBefore} after the rollback, ${handledTwice} orders handled twice`,
      );
    } finally {
      await rig.close();
    }
  });

  it('Redis restored from a copy taken before the group ever committed: every partition is read again from its start and each order is reserved once (F4)', async () => {
    const rig = await startRig('redis-rollback-first');
    try {
      // The copy holds no commit of the group, only where each partition started (stored at assignment).
      await waitFor(
        async () =>
          (await rig.reader.mget(storedOffsetKeys(rig))).every((value) => value !== null) ? true : undefined,
        { description: 'the partitions’ starting offsets to be stored in Redis', timeoutMs: 30_000 },
      );
      const snapshot = rig.redis.snapshot();
      const first = 200;
      await feedOrders(rig, 0, first);
      await waitForAllDone(rig, first, 'the first orders reserved and committed');

      await restoreRedis(rig, snapshot);
      // Everything the group did is gone from Redis, while Kafka holds its commits.
      expect((await redisState(rig)).reserved).toBe(0);

      const more = 50;
      await produceOrders(rig, first, more);
      const final = await waitForAllDone(
        rig,
        first + more,
        'the lost and the new orders reserved and committed',
      );
      expect(final.units).toBe(SEED - first - more);
      expect(final.done).toBe(first + more);
      expect(rig.logLines.filter((line) => line.includes('"offsets.rolled-back"')).length).toBeGreaterThan(0);
    } finally {
      await rig.close();
    }
  });
});
