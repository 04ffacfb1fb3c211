import type { Kafka } from 'kafkajs';

import { createReliableProducer } from '@orderflow/kafka';
import {
  countDlqRecords,
  createRateLimiter,
  executeRedrive,
  planRedrive,
  readDlq,
  REDRIVE_COUNT_HEADER,
  type DlqRecord,
} from '@orderflow/operations';
import { createFailureRouter, FAILURE_HEADER } from '@orderflow/retry';
import { createTestNamespace, readAllRecords, type TestNamespace } from '@orderflow/testing';
import { OrderflowError } from '@orderflow/errors';
import { consumerGroup } from '@orderflow/topics';

import { createTopics, headerText, kafkaFor, operationsTopicsFile } from './operations-test-kit';

describe('dlq: list and redrive on the real stack', () => {
  const topics = operationsTopicsFile();
  let namespace: TestNamespace;
  let kafka: Kafka;

  beforeAll(async () => {
    namespace = createTestNamespace('dlq');
    kafka = kafkaFor(namespace);
    await createTopics(namespace, topics);
    const group = consumerGroup({ file: topics, name: 'probe', topicPrefix: namespace.prefix });
    if (group === undefined) throw new Error('probe group missing');
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

  afterAll(() => namespace.cleanup());

  const dlq = async (): Promise<DlqRecord[]> =>
    (await readDlq({ kafka, admin: await namespace.admin(), topic: `${namespace.prefix}probe.dlq` })) ?? [];

  it('counts dead letters by error class and reason', async () => {
    expect(countDlqRecords('probe', await dlq())).toEqual([
      { group: 'probe', errorClass: 'Error', dlqReason: 'retries-exhausted', count: 2 },
      { group: 'probe', errorClass: 'OrderflowError', dlqReason: 'non-retriable', count: 1 },
    ]);
  });

  it('redrives to the original topic with a growing redrive count, refuses at the limit, and deletes nothing', async () => {
    const errors = (await dlq()).filter((record) => record.provenance.errorClass === 'Error');
    const steps = planRedrive({ records: errors, topicPrefix: namespace.prefix, maxRedrives: 2 });
    // A dry run is the plan alone: nothing reaches the original topic.
    expect(steps.map((step) => step.kind)).toEqual(['send', 'send']);
    expect(await readAllRecords(namespace, 'order.created')).toEqual([]);

    const totals = await executeRedrive({ kafka, steps, limiter: createRateLimiter({ perSecond: 50 }) });
    expect(totals).toEqual({ sent: 2, refused: 0 });
    const redriven = await readAllRecords(namespace, 'order.created');
    expect(redriven.map((record) => record.key?.toString()).sort()).toEqual(['order-a', 'order-c']);
    for (const record of redriven) {
      expect(headerText(record.headers, REDRIVE_COUNT_HEADER)).toBe('1');
      expect(headerText(record.headers, 'correlation-id')).toBe(`corr-${record.key?.toString()}`);
      expect(headerText(record.headers, FAILURE_HEADER.originalTopic)).toBeUndefined();
      expect(record.value).toEqual(errors.find((e) => e.key?.equals(record.key ?? Buffer.alloc(0)))?.value);
    }
    expect(await dlq()).toHaveLength(3);

    // order-a fails again: its redrive count travels into the DLQ with its own headers.
    const again = redriven.find((record) => record.key?.toString() === 'order-a');
    const group = consumerGroup({ file: topics, name: 'probe', topicPrefix: namespace.prefix });
    const producer = createReliableProducer({ kafka });
    await createFailureRouter({ group: group!, producer }).route(
      {
        key: again?.key ?? null,
        value: again?.value ?? null,
        headers: again?.headers,
        original: { topic: 'order.created', partition: 0, offset: again?.offset ?? '0', timestamp: '0' },
        attempts: 2,
      },
      new Error('gateway still down'),
    );
    await producer.disconnect();
    const latest = (await dlq()).at(-1);
    expect(latest?.redriveCount).toBe(1);

    const second = planRedrive({ records: [latest!], topicPrefix: namespace.prefix, maxRedrives: 2 });
    expect(
      await executeRedrive({ kafka, steps: second, limiter: createRateLimiter({ perSecond: 50 }) }),
    ).toEqual({ sent: 1, refused: 0 });
    const counts = (await readAllRecords(namespace, 'order.created')).map((record) =>
      headerText(record.headers, REDRIVE_COUNT_HEADER),
    );
    expect(counts.sort()).toEqual(['1', '1', '2']);

    const atLimit = { ...latest!, redriveCount: 2 };
    expect(planRedrive({ records: [atLimit], topicPrefix: namespace.prefix, maxRedrives: 2 })[0]?.kind).toBe(
      'refused',
    );
    expect(await dlq()).toHaveLength(4);
  });
});
