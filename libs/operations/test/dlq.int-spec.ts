import Redis from 'ioredis';

import { createReliableProducer, type KafkaClient } from '@orderflow/kafka';
import {
  countDlqRecords,
  createRateLimiter,
  createRedriveProgress,
  redriveDlq,
  REDRIVE_COUNT_HEADER,
  scanDlq,
  type DlqRecord,
} from '@orderflow/operations';
import { createFailureRouter, FAILURE_HEADER } from '@orderflow/retry';
import { createTestNamespace, produceRecords, readAllRecords, type TestNamespace } from '@orderflow/testing';
import { OrderflowError } from '@orderflow/errors';
import { consumerGroup, type ConsumerGroupModel } from '@orderflow/topics';

import {
  createTopics,
  headerText,
  kafkaFor,
  operationsTopicsFile,
  readWholeDlq,
} from './operations-test-kit';

describe('dlq: list and redrive on the real stack', () => {
  const topics = operationsTopicsFile();
  let namespace: TestNamespace;
  let kafka: KafkaClient;
  let redis: Redis;
  let group: ConsumerGroupModel;

  beforeAll(async () => {
    namespace = createTestNamespace('dlq');
    kafka = kafkaFor(namespace);
    redis = new Redis(namespace.settings.redisUrl);
    await createTopics(namespace, topics);
    const model = consumerGroup({ file: topics, name: 'probe', topicPrefix: namespace.prefix });
    if (model === undefined) throw new Error('probe group missing');
    group = model;
    // Dead letters written by the real failure router, as the consumer runtime writes them.
    const producer = createReliableProducer({ kafka });
    const router = createFailureRouter({ group, producer });
    const failed = (orderId: string, offset: number) => ({
      key: Buffer.from(orderId),
      value: Buffer.from([0, 0, 0, 0, 9, offset]),
      headers: { 'correlation-id': Buffer.from(`corr-${orderId}`) },
      original: { topic: 'order.created', partition: 1, offset: String(offset), timestamp: '1795305600000' },
      attempts: 2,
    });
    await router.route(failed('order-a', 0), new Error('gateway down'));
    await router.route(
      failed('order-b', 1),
      new OrderflowError('EVENT_INVALID', 'quantity must be positive'),
    );
    await router.route(failed('order-c', 2), new Error('gateway down'));
    await producer.disconnect();
  });

  afterAll(async () => {
    redis.disconnect();
    await namespace.cleanup();
  });

  const dlq = async (): Promise<DlqRecord[]> => readWholeDlq(kafka, await namespace.admin(), group.dlqTopic);

  it('counts dead letters by error class and reason', async () => {
    expect(countDlqRecords('probe', await dlq())).toEqual([
      { group: 'probe', errorClass: 'Error', dlqReason: 'retries-exhausted', count: 2 },
      { group: 'probe', errorClass: 'OrderflowError', dlqReason: 'non-retriable', count: 1 },
    ]);
  });

  it('redrives into the group’s first retry tier once per failure (reruns, duplicate DLQ copies, parallel runs), counting redrives, deleting nothing (F11b, F11c)', async () => {
    const admin = await namespace.admin();
    const progress = createRedriveProgress({ redis, keyPrefix: namespace.prefix, group: 'probe' });
    const run = (maxRedrives: number, offsets?: number[]) =>
      redriveDlq({
        kafka,
        admin,
        group,
        selection: { errorClass: 'Error', offsets },
        maxRedrives,
        execute: true,
        progress,
        limiter: createRateLimiter({ perSecond: 50 }),
      });

    expect(await run(2)).toEqual({ selected: 2, sent: 2, redrivenBefore: 0, refused: 0 });
    const redriven = await readAllRecords(namespace, 'probe.retry-300ms');
    expect(redriven.map((record) => record.key?.toString()).sort()).toEqual(['order-a', 'order-c']);
    for (const record of redriven) {
      expect(headerText(record.headers, REDRIVE_COUNT_HEADER)).toBe('1');
      expect(headerText(record.headers, 'correlation-id')).toBe(`corr-${record.key?.toString()}`);
      expect(headerText(record.headers, FAILURE_HEADER.originalTopic)).toBe('order.created');
      expect(headerText(record.headers, FAILURE_HEADER.attempts)).toBe('0');
      expect(headerText(record.headers, FAILURE_HEADER.errorMessage)).toBeUndefined();
    }
    expect(await readAllRecords(namespace, 'order.created')).toEqual([]);
    expect(await dlq()).toHaveLength(3);

    // order-a fails again: its redrive count travels into the DLQ with its own headers.
    const again = redriven.find((record) => record.key?.toString() === 'order-a');
    const producer = createReliableProducer({ kafka });
    await createFailureRouter({ group, producer }).route(
      {
        key: again?.key ?? null,
        value: again?.value ?? null,
        headers: again?.headers,
        original: { topic: 'order.created', partition: 0, offset: '7', timestamp: '0' },
        attempts: 4,
      },
      new Error('gateway still down'),
    );
    await producer.disconnect();
    const latest = (await dlq()).at(-1);
    expect(latest?.redriveCount).toBe(1);

    // The new dead letter is redriven (count 2); the two already redriven are not sent again.
    expect(await run(2)).toEqual({ selected: 3, sent: 1, redrivenBefore: 2, refused: 0 });
    const counts = (await readAllRecords(namespace, 'probe.retry-300ms')).map((record) =>
      headerText(record.headers, REDRIVE_COUNT_HEADER),
    );
    expect(counts.sort()).toEqual(['1', '1', '2']);
    // Redriven twice already: at the limit of 2 it would be refused.
    expect(await run(1, [Number(latest?.offset)])).toMatchObject({ redrivenBefore: 1 });
    expect(await dlq()).toHaveLength(4);

    // A crash between routing and commit writes one failure to the DLQ twice: it is redriven once.
    let copies = createReliableProducer({ kafka });
    const router = createFailureRouter({ group, producer: copies });
    const twice = {
      key: Buffer.from('order-d'),
      value: Buffer.from([0, 0, 0, 0, 9, 3]),
      headers: {},
      original: { topic: 'order.created', partition: 1, offset: '3', timestamp: '1795305600000' },
      attempts: 2,
    };
    await router.route(twice, new Error('gateway down'));
    await router.route(twice, new Error('gateway down'));
    await copies.disconnect();
    expect(await run(3, [4, 5])).toEqual({ selected: 2, sent: 1, redrivenBefore: 1, refused: 0 });
    expect(await readAllRecords(namespace, 'probe.retry-300ms')).toHaveLength(4);

    // Two operators redriving at once: each failure is claimed before its send, so it goes once.
    const parallel = await Promise.all([run(3, [0, 2]), run(3, [0, 2])]);
    expect(parallel.map((totals) => totals?.sent)).toEqual([0, 0]);
    await createFailureRouter({ group, producer: (copies = createReliableProducer({ kafka })) }).route(
      { ...twice, key: Buffer.from('order-e'), original: { ...twice.original, offset: '9' } },
      new Error('gateway down'),
    );
    await copies.disconnect();
    const racing = await Promise.all([run(3, [6]), run(3, [6])]);
    expect(racing.map((totals) => totals?.sent).sort()).toEqual([0, 1]);
    expect(await readAllRecords(namespace, 'probe.retry-300ms')).toHaveLength(5);
  });
});

describe('dlq reader: a large DLQ is streamed page by page (F11d)', () => {
  let namespace: TestNamespace;
  let kafka: KafkaClient;
  const RECORDS = 1_200;
  const VALUE_BYTES = 2_048;
  const PAGE_BYTES = 64 * 1_024;

  beforeAll(async () => {
    namespace = createTestNamespace('dlq-pages');
    kafka = kafkaFor(namespace);
    await createTopics(namespace, operationsTopicsFile());
    // Written in many produce requests: each becomes its own record batch, the unit a fetch returns.
    for (let sent = 0; sent < RECORDS; sent += 50)
      await produceRecords(
        namespace,
        'probe.dlq',
        Array.from({ length: 50 }, (_, index) => ({
          key: `order-${sent + index}`,
          value: Buffer.alloc(VALUE_BYTES, sent + index),
          headers: { [FAILURE_HEADER.errorClass]: (sent + index) % 3 === 0 ? 'Error' : 'TypeError' },
        })),
      );
  });

  afterAll(() => namespace.cleanup());

  it('reads a DLQ of 1 200 records (2.4 MB) in bounded pages, never the whole topic at once', async () => {
    const pages: number[] = [];
    const pageBytes: number[] = [];
    const read = await scanDlq({
      kafka,
      admin: await namespace.admin(),
      topic: `${namespace.prefix}probe.dlq`,
      pageBytes: PAGE_BYTES,
      onPage: (records) => {
        pages.push(records.length);
        pageBytes.push(records.reduce((sum, record) => sum + (record.value?.length ?? 0), 0));
        return Promise.resolve();
      },
    });
    expect(read).toBe(RECORDS);
    expect(pages.reduce((sum, count) => sum + count, 0)).toBe(RECORDS);
    expect(pages.length).toBeGreaterThanOrEqual(10);
    // One produce request (50 records, ~100 KB) is the largest unit the broker hands out whole.
    expect(Math.max(...pageBytes)).toBeLessThanOrEqual(50 * VALUE_BYTES);
    console.log(
      `dlq pages: ${pages.length} pages for ${RECORDS} records, largest ${Math.max(...pages)} records / ${Math.max(...pageBytes)} bytes`,
    );
  });

  it('stops reading once a selection’s max is reached (`dlq show --limit`)', async () => {
    const shown: DlqRecord[] = [];
    const read = await scanDlq({
      kafka,
      admin: await namespace.admin(),
      topic: `${namespace.prefix}probe.dlq`,
      pageBytes: PAGE_BYTES,
      selection: { errorClass: 'Error', max: 5 },
      onPage: (records) => {
        shown.push(...records);
        return Promise.resolve();
      },
    });
    expect(shown.map((record) => record.provenance.errorClass)).toEqual(Array(5).fill('Error'));
    expect(read).toBeLessThanOrEqual(100);
  });
});
