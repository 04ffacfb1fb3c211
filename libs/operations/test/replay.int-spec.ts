import Redis from 'ioredis';

import { isOrderflowError } from '@orderflow/errors';
import { storedOffsetKey } from '@orderflow/idempotency';
import {
  applyOffsetReset,
  executeRepublish,
  planOffsetReset,
  planRepublish,
  REPLAYED_FROM_HEADER,
  type ResetMode,
} from '@orderflow/operations';
import {
  createTestNamespace,
  produceRecords,
  readAllRecords,
  waitFor,
  type TestNamespace,
} from '@orderflow/testing';

import {
  committedOffsets,
  createTopics,
  headerText,
  kafkaFor,
  operationsTopicsFile,
} from './operations-test-kit';

const records = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, index) => ({
    key: `order-${from + index}`,
    value: Buffer.from([0, 0xff, from + index, 0x80]),
    headers: {
      'correlation-id': `corr-${from + index}`,
      'binary-header': Buffer.from([0xfe, 0x00, from + index]),
    },
  }));

describe('replay: resetting a stopped group and copying ranges on the real stack', () => {
  let namespace: TestNamespace;
  let topic: string;
  let groupId: string;
  let cutAt: number;
  const firstBatchBy = new Map<number, bigint>();

  beforeAll(async () => {
    namespace = createTestNamespace('replay');
    topic = `${namespace.prefix}order.created`;
    groupId = `${namespace.prefix}probe`;
    await createTopics(namespace, operationsTopicsFile(), ['order.copy']);
    await produceRecords(namespace, 'order.created', records(0, 10));
    const first = await readAllRecords(namespace, 'order.created');
    cutAt = Math.max(...first.map((record) => Number(record.timestamp))) + 1;
    for (const { partition, high } of await (await namespace.admin()).fetchTopicOffsets(topic))
      firstBatchBy.set(partition, BigInt(high));
    // The second batch is written after the cut: its timestamps are later than every first-batch record.
    await waitFor(() => Promise.resolve(Date.now() > cutAt ? true : undefined), {
      description: 'the clock past the cut',
      timeoutMs: 1_000,
    });
    await produceRecords(namespace, 'order.created', records(10, 20));
    await (
      await namespace.admin()
    ).setOffsets({
      groupId,
      topic,
      partitions: [
        { partition: 0, offset: '1' },
        { partition: 1, offset: '1' },
      ],
    });
  });

  afterAll(() => namespace.cleanup());

  it('dry-runs every mode with the right new offsets and lag, changing nothing', async () => {
    const admin = await namespace.admin();
    const before = await committedOffsets(namespace, groupId, topic);
    const highs = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)]));
    const targets = async (mode: ResetMode, partitions?: number[]) =>
      (await planOffsetReset({ admin, groupId, topic, mode, partitions })).partitions.map((p) => [
        p.partition,
        p.target,
        p.lagAfter,
      ]);

    expect(await targets({ kind: 'earliest' })).toEqual([
      [0, 0n, highs.get(0)],
      [1, 0n, highs.get(1)],
    ]);
    expect(await targets({ kind: 'latest' })).toEqual([
      [0, highs.get(0), 0n],
      [1, highs.get(1), 0n],
    ]);
    expect(await targets({ kind: 'offset', offset: 2n }, [1])).toEqual([[1, 2n, (highs.get(1) ?? 0n) - 2n]]);
    expect(await targets({ kind: 'shift', by: 1n })).toEqual([
      [0, 2n, (highs.get(0) ?? 0n) - 2n],
      [1, 2n, (highs.get(1) ?? 0n) - 2n],
    ]);
    expect(await targets({ kind: 'shift', by: -5n })).toEqual([
      [0, 0n, highs.get(0)],
      [1, 0n, highs.get(1)],
    ]);
    expect(await targets({ kind: 'datetime', timestamp: cutAt })).toEqual(
      [0, 1].map((partition) => [
        partition,
        firstBatchBy.get(partition),
        (highs.get(partition) ?? 0n) - (firstBatchBy.get(partition) ?? 0n),
      ]),
    );
    expect(await committedOffsets(namespace, groupId, topic)).toEqual(before);
  });

  it('refuses to execute while the group has a live member, and moves the offsets once it stopped', async () => {
    const admin = await namespace.admin();
    const consumer = kafkaFor(namespace).consumer({ groupId });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic] });
    // Commits nothing: the member only has to be present.
    await consumer.run({ autoCommit: false, eachMessage: () => Promise.resolve() });
    await waitFor(
      async () => ((await admin.describeGroups([groupId])).groups[0]?.members.length ?? 0) > 0 || undefined,
      { description: 'the live member in the group', timeoutMs: 20_000 },
    );
    const plan = await planOffsetReset({ admin, groupId, topic, mode: { kind: 'earliest' } });
    const refused = await applyOffsetReset({ admin, plan, service: 'consumers/probe' }).catch(
      (error: unknown) => error,
    );
    expect(isOrderflowError(refused, 'CONSUMER_GROUP_ACTIVE')).toBe(true);
    expect((refused as Error).message).toMatch(/Stop consumers\/probe/);
    await consumer.disconnect();

    await applyOffsetReset({
      admin,
      plan: await planOffsetReset({ admin, groupId, topic, mode: { kind: 'offset', offset: 3n } }),
    });
    expect(await committedOffsets(namespace, groupId, topic)).toEqual({ 0: '3', 1: '3' });
  });

  it('a reset forward also moves the offsets the group keeps in Redis, so the runtime does not take it for a Redis rollback and seek back (F4)', async () => {
    const admin = await namespace.admin();
    const redis = new Redis(namespace.settings.redisUrl);
    try {
      // What the runtime stored before the reset: behind the reset's target.
      await redis.mset(storedOffsetKey(namespace.prefix, 'probe', topic, 0), '1');
      const plan = await planOffsetReset({ admin, groupId, topic, mode: { kind: 'latest' } });
      await applyOffsetReset({
        admin,
        plan,
        storedOffsets: { redis, keyPrefix: namespace.prefix, group: 'probe' },
      });
      const committed = await committedOffsets(namespace, groupId, topic);
      const stored = await redis.mget(
        [0, 1].map((partition) => storedOffsetKey(namespace.prefix, 'probe', topic, partition)),
      );
      expect(stored).toEqual([committed[0], committed[1]]);
      expect(stored.map(Number)).toEqual(plan.partitions.map(({ target }) => Number(target)));
    } finally {
      redis.disconnect();
    }
  });

  it('--into copies an offset range byte for byte, with where each record came from', async () => {
    const admin = await namespace.admin();
    const plan = await planRepublish({
      admin,
      source: topic,
      target: `${namespace.prefix}order.copy`,
      selection: { kind: 'offsets', from: 2n, to: 4n },
    });
    expect(plan.total).toBe(6n);
    const source = (await readAllRecords(namespace, 'order.created')).filter((record) => {
      const offset = Number(record.offset);
      return offset >= 2 && offset <= 4;
    });
    expect(await executeRepublish({ kafka: kafkaFor(namespace), plan, progressEvery: 2 })).toBe(6);

    const copies = await readAllRecords(namespace, 'order.copy');
    const byKey = new Map(copies.map((copy) => [copy.key?.toString(), copy]));
    expect(copies).toHaveLength(6);
    for (const original of source) {
      const copy = byKey.get(original.key?.toString());
      expect(copy?.value).toEqual(original.value);
      const { [REPLAYED_FROM_HEADER]: from, ...headers } = copy?.headers ?? {};
      expect(headers).toEqual(original.headers);
      expect(from?.toString()).toMatch(
        new RegExp(`^${topic.replace(/\./g, '\\.')}/[01]/${original.offset}$`),
      );
    }
    expect(headerText(copies[0]?.headers, 'correlation-id')).toMatch(/^corr-/);
  });

  it('--into refuses a target that live consumer groups read, naming them, unless allowed (F11g)', async () => {
    const admin = await namespace.admin();
    const target = `${namespace.prefix}order.copy`;
    const readerGroup = `${namespace.prefix}copy-reader`;
    const consumer = kafkaFor(namespace).consumer({ groupId: readerGroup });
    await consumer.connect();
    await consumer.subscribe({ topics: [target] });
    await consumer.run({ autoCommit: false, eachMessage: () => Promise.resolve() });
    try {
      await waitFor(
        async () =>
          ((await admin.describeGroups([readerGroup])).groups[0]?.members.length ?? 0) > 0 || undefined,
        { description: 'the live reader of the target', timeoutMs: 20_000 },
      );
      const options = {
        admin,
        source: topic,
        target,
        selection: { kind: 'offsets', from: 0n, to: 1n },
      } as const;
      const refused = await planRepublish(options).catch((error: unknown) => error);
      expect(isOrderflowError(refused, 'CONSUMER_GROUP_ACTIVE')).toBe(true);
      expect((refused as Error).message).toMatch(
        new RegExp(`read right now by ${readerGroup.replace(/\./g, '\\.')} \\(1 member`),
      );
      expect((refused as Error).message).toMatch(/--allow-live-target/);
      expect((await planRepublish({ ...options, allowLiveTarget: true })).total).toBe(4n);
    } finally {
      await consumer.disconnect();
    }
  });
});
