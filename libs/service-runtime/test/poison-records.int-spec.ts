import { loadSchemaCatalog } from '@orderflow/contracts';
import type { PartitionRecord } from '@orderflow/kafka';
import { FAILURE_HEADER } from '@orderflow/retry';
import {
  produceRecords,
  readAllRecords,
  registerNamespaceSchemas,
  waitFor,
  type TestNamespace,
} from '@orderflow/testing';
import { parseTopicsFile } from '@orderflow/topics';

import {
  arrayCountBomb,
  framing,
  manyHeaders,
  mutatedValue,
  randomHeaders,
  seededRandom,
  varint,
  type PoisonRecord,
} from './poison-corpus';
import { anOrder, startProbe, type Probe } from './runtime-test-kit';

// As topics.yaml bounds event topics: 256 KiB per record batch, retry tiers and the DLQ 1 MiB.
const SOURCE_MAX_BYTES = 256 * 1024;
const limitedTopics = () =>
  parseTopicsFile({
    source: 'runtime probe topics with record limits',
    text: `
defaults: { partitions: 1, configs: { cleanup.policy: delete, max.message.bytes: ${SOURCE_MAX_BYTES} } }
environments: { local: { replicationFactor: 1, configs: { min.insync.replicas: 1 } } }
derived:
  retry: { configs: { retention.ms: 600000, max.message.bytes: 1048576 } }
  dlq: { configs: { max.message.bytes: 1048576 } }
groups: { probe: { service: consumers/probe, retry: [300ms, 600ms] } }
topics:
  order.created: { owner: producers/order-api, key: orderId, consumers: [probe] }
`,
  });

/** The probe group's committed offset of order.created's one partition, as the broker has it. */
const committedOffset = async (namespace: TestNamespace): Promise<number> => {
  const [topic] = await (
    await namespace.admin()
  ).fetchOffsets({ groupId: `${namespace.prefix}probe`, topics: [`${namespace.prefix}order.created`] });
  return Number(topic?.partitions[0]?.offset ?? -1);
};

// A DLQ smaller than the source topic: its copies of large records are refused.
const DLQ_MAX_BYTES = 64 * 1024;
const smallDlqTopics = () =>
  parseTopicsFile({
    source: 'runtime probe topics with a small DLQ',
    text: `
defaults: { partitions: 1, configs: { cleanup.policy: delete } }
environments: { local: { replicationFactor: 1, configs: { min.insync.replicas: 1 } } }
derived:
  retry: { configs: { retention.ms: 600000 } }
  dlq: { configs: { max.message.bytes: ${DLQ_MAX_BYTES} } }
groups: { probe: { service: consumers/probe, retry: [300ms, 600ms] } }
topics:
  order.created: { owner: producers/order-api, key: orderId, consumers: [probe] }
`,
  });

const header = (message: PartitionRecord, name: string): string | undefined =>
  (message.headers?.[name] as Buffer | undefined)?.toString();

const RANDOM_RECORDS = 60;
const seed = Number(process.env.POISON_SEED ?? Math.floor(Math.random() * 2 ** 32));

describe('consumer runtime: no record can take a group down', () => {
  let probe: Probe;

  beforeAll(async () => {
    probe = await startProbe('runtime-fuzz', { topics: limitedTopics() });
  });

  afterAll(() => probe.close());

  it('dead-letters every random and adversarial record once with attempts=1 and keeps consuming, heap bounded (F3, F6, F12)', async () => {
    // Reproduce a failure with POISON_SEED=<seed> npx jest <this file>.
    console.log(`[poison-fuzz] seed ${seed}`);
    const random = seededRandom(seed);
    const { namespace, serde, calls, service } = probe;
    const catalog = loadSchemaCatalog();
    const { serde: otherTopics } = await registerNamespaceSchemas(namespace, [
      'inventory.reserved',
      'analytics.order-metrics',
    ]);
    const valid = await serde.encode('order.created', anOrder('valid-template'));
    const schemaId = valid.readInt32BE(1);
    const reserved = await otherTopics.encode(
      'inventory.reserved',
      catalog.get('inventory.reserved').latest.type.random() as never,
    );
    const metricsId = (
      await otherTopics.encode(
        'analytics.order-metrics',
        catalog.get('analytics.order-metrics').latest.type.random() as never,
      )
    ).readInt32BE(1);

    const adversarial: PoisonRecord[] = [
      { kind: 'array-count bomb', value: arrayCountBomb(schemaId) },
      // analytics.order-metrics: five leading longs and strings, then the revenueCents map.
      {
        kind: 'map bomb',
        value: Buffer.concat([framing(metricsId), Buffer.alloc(5), varint(2 ** 31 - 1)]),
      },
      { kind: 'huge string length', value: Buffer.concat([framing(schemaId), varint(2 ** 30)]) },
      { kind: 'truncated body', value: valid.subarray(0, valid.length - 7) },
      { kind: 'trailing bytes', value: Buffer.concat([valid, Buffer.from([1, 2, 3])]) },
      { kind: 'wrong magic byte', value: Buffer.concat([Buffer.from([1]), valid.subarray(1)]) },
      { kind: 'unknown schema id', value: Buffer.concat([framing(0x7ffffff0), valid.subarray(5)]) },
      { kind: "another topic's schema", value: reserved },
      { kind: 'tombstone', value: null },
      { kind: 'plain JSON', value: Buffer.from('{"orderId":"o-1"}') },
    ];
    const randomRecords: PoisonRecord[] = [];
    while (randomRecords.length < RANDOM_RECORDS) {
      const candidate = { ...mutatedValue(random, valid), headers: randomHeaders(random) };
      // A mutation may still be a valid order.created; only what does not decode is poison.
      const decodes = await serde.decode(candidate.value).then(
        (decoded) => decoded.topic === 'order.created',
        () => false,
      );
      if (!decodes) randomRecords.push(candidate);
    }
    const headerBomb: PoisonRecord = {
      kind: '16 000 headers',
      value: arrayCountBomb(schemaId),
      headers: manyHeaders(16_000),
    };
    // Framing and record overhead stay under 1 KiB of the limit.
    const nearMax: PoisonRecord = {
      kind: 'a value near the topic limit',
      value: Buffer.concat([framing(schemaId), Buffer.alloc(SOURCE_MAX_BYTES - 1_024 - 5, 0x02)]),
    };
    const poison = [...adversarial, ...randomRecords, headerBomb, nearMax];
    const keyOf = (index: number) => `poison-${index}`;

    const heapBefore = process.memoryUsage().heapUsed;
    let heapPeak = heapBefore;
    const sampler = setInterval(() => {
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
    }, 20);
    const started = Date.now();
    try {
      const asRecord = (record: PoisonRecord, index: number) => ({
        key: keyOf(index),
        value: record.value,
        ...(record.headers ? { headers: record.headers } : {}),
      });
      const small = poison.length - 2;
      // One partition, sends in order: record i is at offset i. The two large records get a batch each.
      await produceRecords(namespace, 'order.created', poison.slice(0, small).map(asRecord));
      await produceRecords(namespace, 'order.created', [asRecord(headerBomb, small)]);
      await produceRecords(namespace, 'order.created', [asRecord(nearMax, small + 1)]);
      const goodIds = ['after-poison-1', 'after-poison-2', 'after-poison-3'];
      await produceRecords(
        namespace,
        'order.created',
        await Promise.all(
          goodIds.map(async (id) => ({ key: id, value: await serde.encode('order.created', anOrder(id)) })),
        ),
      );

      await waitFor(
        () => Promise.resolve(goodIds.every((id) => calls.some((call) => call.orderId === id)) || undefined),
        { description: 'the good records produced after the poison', timeoutMs: 60_000 },
      );
      // Once the group committed past every record, none can be read (and dead-lettered) again.
      const end = poison.length + goodIds.length;
      await waitFor(async () => ((await committedOffset(namespace)) >= end ? true : undefined), {
        description: `the probe group to commit offset ${end}`,
        timeoutMs: 60_000,
      });
      const dead = await readAllRecords(namespace, 'probe.dlq');
      const elapsedMs = Date.now() - started;
      const heapGrowthMb = (heapPeak - heapBefore) / 2 ** 20;
      console.log(
        `[poison-fuzz] seed ${seed}: ${poison.length} poison records dead-lettered and ${goodIds.length} good ones handled in ${elapsedMs} ms; heap peak +${heapGrowthMb.toFixed(1)} MB`,
      );

      const byKey = new Map<string, PartitionRecord[]>();
      for (const record of dead) {
        const key = record.key?.toString() ?? '';
        byKey.set(key, [...(byKey.get(key) ?? []), record]);
      }
      poison.forEach((record, index) => {
        const copies = byKey.get(keyOf(index)) ?? [];
        const described = `${keyOf(index)} (${record.kind}, seed ${seed})`;
        expect({ described, copies: copies.length }).toEqual({ described, copies: 1 });
        const [copy] = copies as [PartitionRecord];
        expect({ described, attempts: header(copy, FAILURE_HEADER.attempts) }).toEqual({
          described,
          attempts: '1',
        });
        expect({ described, offset: header(copy, FAILURE_HEADER.originalOffset) }).toEqual({
          described,
          offset: String(index),
        });
        expect({ described, reason: header(copy, FAILURE_HEADER.dlqReason) }).toEqual({
          described,
          reason: 'non-retriable',
        });
        expect(header(copy, FAILURE_HEADER.originalTopic)).toBe('order.created');
        expect((copy.value ?? Buffer.alloc(0)).equals(record.value ?? Buffer.alloc(0))).toBe(true);
      });
      expect(dead).toHaveLength(poison.length);
      expect(
        Object.keys(dead.find((record) => record.key?.toString() === keyOf(small))?.headers ?? {}).length,
      ).toBeGreaterThan(16_000);
      expect(calls.map((call) => call.orderId)).toEqual(goodIds);
      expect(service.consumerStatus().state).toBe('running');
      expect((await fetch(`${service.url}/health/ready`)).status).toBe(200);
      expect(heapGrowthMb).toBeLessThan(256);
    } finally {
      clearInterval(sampler);
    }
  });
});

describe('consumer runtime: records too large for their DLQ', () => {
  let probe: Probe;

  beforeAll(async () => {
    probe = await startProbe('runtime-refused', { topics: smallDlqTopics() });
  });

  afterAll(() => probe.close());

  it('a record too large for the DLQ is dead-lettered without its value instead of crash-looping the consumer (F12)', async () => {
    const { namespace, serde, calls, service } = probe;
    const valid = await serde.encode('order.created', anOrder('template'));
    const undecodable = Buffer.concat([framing(valid.readInt32BE(1)), Buffer.alloc(200_000, 0x02)]);
    // Valid, but its handler always fails: it climbs both retry tiers before the DLQ refuses it.
    const failing = anOrder('too-large-failing', 'always-fails');
    failing.items = Array.from({ length: 8_000 }, (_, index) => ({
      sku: `SKU-${index}`,
      quantity: 1,
      unitPriceCents: 500,
    }));
    const failingValue = await serde.encode('order.created', failing);
    expect(failingValue.length).toBeGreaterThan(DLQ_MAX_BYTES);
    await produceRecords(namespace, 'order.created', [
      { key: 'too-large-undecodable', value: undecodable, headers: { 'correlation-id': 'corr-large' } },
    ]);
    await produceRecords(namespace, 'order.created', [{ key: failing.orderId, value: failingValue }]);
    await produceRecords(namespace, 'order.created', [
      { key: 'after-large', value: await serde.encode('order.created', anOrder('after-large')) },
    ]);

    await waitFor(async () => ((await committedOffset(namespace)) >= 3 ? true : undefined), {
      description: 'the probe group to commit past the large records',
      timeoutMs: 60_000,
    });
    const dead = await waitFor(
      async () => {
        const records = await readAllRecords(namespace, 'probe.dlq');
        return records.length >= 2 ? records : undefined;
      },
      { description: 'both large records in probe.dlq', timeoutMs: 30_000 },
    );
    expect(dead).toHaveLength(2);
    const copyOf = (key: string) => dead.find((record) => record.key?.toString() === key)!;

    const refused = copyOf('too-large-undecodable');
    expect(refused.value).toBeNull();
    expect({
      valueDropped: header(refused, FAILURE_HEADER.valueDropped),
      attempts: header(refused, FAILURE_HEADER.attempts),
      offset: header(refused, FAILURE_HEADER.originalOffset),
      topic: header(refused, FAILURE_HEADER.originalTopic),
      reason: header(refused, FAILURE_HEADER.dlqReason),
      code: header(refused, FAILURE_HEADER.errorCode),
      correlationId: header(refused, 'correlation-id'),
    }).toEqual({
      valueDropped: String(undecodable.length),
      attempts: '1',
      offset: '0',
      topic: 'order.created',
      reason: 'record-refused',
      code: 'MESSAGE_UNDECODABLE',
      correlationId: 'corr-large',
    });
    expect(header(refused, FAILURE_HEADER.refusedBy)).toMatch(/^MESSAGE_TOO_LARGE on .*probe\.dlq$/);

    const exhausted = copyOf(failing.orderId);
    expect(exhausted.value).toBeNull();
    expect(header(exhausted, FAILURE_HEADER.valueDropped)).toBe(String(failingValue.length));
    expect(header(exhausted, FAILURE_HEADER.attempts)).toBe('3');
    expect(header(exhausted, FAILURE_HEADER.originalOffset)).toBe('1');

    expect(calls.filter((call) => call.orderId === 'after-large')).toHaveLength(1);
    expect(service.consumerStatus().state).toBe('running');
  });
});
