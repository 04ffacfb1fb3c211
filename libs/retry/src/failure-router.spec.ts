import { OrderflowError, isOrderflowError } from '@orderflow/errors';
import type { ProducerRecord, ReliableProducer } from '@orderflow/kafka';
import type { ConsumerGroupModel } from '@orderflow/topics';

import { FAILURE_HEADER } from './failure-headers';
import { createFailureRouter, type FailedRecord } from './failure-router';

const group: ConsumerGroupModel = {
  name: 'payment',
  service: 'consumers/payment',
  topics: ['inventory.reserved'],
  retryTiers: [{ topic: 'payment.retry-1s', delayMs: 1_000, delayLabel: '1s' }],
  dlqTopic: 'payment.dlq',
  ordering: 'none',
};

/** How the reliable producer reports a record the broker refused as it is. */
const refused = (type: string): Error =>
  new OrderflowError('EVENT_TOO_LARGE', 'The broker refused the records as they are', {
    context: { topics: [], refusal: type },
  });

/** A broker stand-in that refuses any record whose value is larger than `maxValueBytes`. */
const producerRefusingOver = (maxValueBytes: number, failure = refused('MESSAGE_TOO_LARGE')) => {
  const sent: ProducerRecord[] = [];
  const producer: Pick<ReliableProducer, 'send' | 'disconnect'> = {
    send: (records) => {
      if (records.some((record) => (record.value?.length ?? 0) > maxValueBytes))
        return Promise.reject(failure);
      sent.push(...records);
      return Promise.resolve(
        records.map((_, index) => ({ partition: 0, offset: String(sent.length - records.length + index) })),
      );
    },
    disconnect: () => Promise.resolve(),
  };
  return { producer, sent };
};

const huge: FailedRecord = {
  key: Buffer.from('order-1'),
  value: Buffer.alloc(300_000, 1),
  headers: {
    'correlation-id': Buffer.from('corr-1'),
    ...Object.fromEntries(Array.from({ length: 100 }, (_, index) => [`h${index}`, Buffer.from('x')])),
  },
  original: { topic: 'inventory.reserved', partition: 2, offset: '41', timestamp: '1795305600000' },
  attempts: 1,
};

const text = (record: ProducerRecord | undefined, name: string): string | undefined =>
  record?.headers[name]?.toString();

describe('createFailureRouter', () => {
  it('dead-letters a copy without value when Kafka refuses the record as too large, instead of failing (F12)', async () => {
    const { producer, sent } = producerRefusingOver(1_000);
    const router = createFailureRouter({ group, producer, now: () => 1_795_305_600_500 });

    const undecodable = new OrderflowError('MESSAGE_UNDECODABLE', 'bad bytes');
    await expect(router.route(huge, undecodable)).resolves.toEqual({
      kind: 'dead-letter',
      reason: 'record-refused',
    });

    expect(sent).toHaveLength(1);
    const [copy] = sent;
    expect(copy?.topic).toBe('payment.dlq');
    expect(copy?.key).toEqual(Buffer.from('order-1'));
    expect(copy?.value).toBeNull();
    expect(text(copy, FAILURE_HEADER.valueDropped)).toBe('300000');
    expect(text(copy, FAILURE_HEADER.headersDropped)).toBe('100');
    expect(text(copy, FAILURE_HEADER.refusedBy)).toBe('MESSAGE_TOO_LARGE on payment.dlq');
    expect(text(copy, FAILURE_HEADER.originalTopic)).toBe('inventory.reserved');
    expect(text(copy, FAILURE_HEADER.originalPartition)).toBe('2');
    expect(text(copy, FAILURE_HEADER.originalOffset)).toBe('41');
    expect(text(copy, FAILURE_HEADER.attempts)).toBe('1');
    expect(text(copy, FAILURE_HEADER.errorCode)).toBe('MESSAGE_UNDECODABLE');
    expect(text(copy, FAILURE_HEADER.dlqReason)).toBe('record-refused');
    expect(text(copy, 'correlation-id')).toBe('corr-1');
    expect(copy?.headers.h1).toBeUndefined();
  });

  it('dead-letters the copy when the retry tier refuses a retriable failure (F12)', async () => {
    const { producer, sent } = producerRefusingOver(1_000, refused('RECORD_LIST_TOO_LARGE'));
    const router = createFailureRouter({ group, producer });

    await expect(router.route(huge, new Error('gateway timeout'))).resolves.toMatchObject({
      reason: 'record-refused',
    });
    expect(sent.map((record) => record.topic)).toEqual(['payment.dlq']);
    expect(text(sent[0], FAILURE_HEADER.refusedBy)).toBe('RECORD_LIST_TOO_LARGE on payment.retry-1s');
  });

  it('drops a key too long to keep and says how long it was', async () => {
    const { producer, sent } = producerRefusingOver(1_000);
    const router = createFailureRouter({ group, producer });
    await router.route({ ...huge, key: Buffer.alloc(5_000, 2) }, new Error('x'));
    expect(sent[0]?.key).toBeNull();
    expect(text(sent[0], FAILURE_HEADER.keyDropped)).toBe('5000');
  });

  it('still fails when Kafka is unreachable, so the record is read again rather than lost', async () => {
    const down = new OrderflowError('DEPENDENCY_UNAVAILABLE', 'connect ECONNREFUSED', { retriable: true });
    const { producer, sent } = producerRefusingOver(0, down);
    const router = createFailureRouter({ group, producer });
    await expect(router.route(huge, new Error('x'))).rejects.toBe(down);
    expect(sent).toEqual([]);
  });

  it('fails with RECORD_REJECTED, naming the DLQ to enlarge, when even the copy is refused', async () => {
    const { producer } = producerRefusingOver(-1);
    const router = createFailureRouter({ group, producer });
    const failure: unknown = await router.route(huge, new Error('x')).catch((error: unknown) => error);
    expect(isOrderflowError(failure, 'RECORD_REJECTED')).toBe(true);
    expect((failure as Error).message).toContain('raise max.message.bytes of payment.dlq');
  });

  it('marks before it sends a retry copy, and never for a dead letter', async () => {
    const { producer, sent } = producerRefusingOver(1_000_000);
    const marks: number[] = [];
    const router = createFailureRouter({ group, producer });
    const beforeRetry = (tierIndex: number): Promise<void> => {
      // The copy must not be on its way yet: a crash here leaves a mark and no copy, never the reverse.
      expect(sent).toHaveLength(0);
      marks.push(tierIndex);
      return Promise.resolve();
    };
    await router.route({ ...huge, attempts: 1 }, new Error('timeout'), beforeRetry);
    await router.route({ ...huge, attempts: 2 }, new Error('timeout'), beforeRetry);
    expect(marks).toEqual([0]);
    expect(sent.map((record) => record.topic)).toEqual(['payment.retry-1s', 'payment.dlq']);
  });

  it('holds a record back in a tier with its attempts unchanged, due after the delay given, naming what it waits behind', async () => {
    const { producer, sent } = producerRefusingOver(1_000_000);
    const router = createFailureRouter({ group, producer, now: () => 1_795_305_600_500 });
    await expect(
      router.holdBack(
        { ...huge, attempts: 1 },
        { tierIndex: 0, behind: 'inventory.reserved:2:40', delayMs: 0 },
      ),
    ).resolves.toBe('held-back');
    const [copy] = sent;
    expect(copy?.topic).toBe('payment.retry-1s');
    expect(copy?.value).toBe(huge.value);
    expect(text(copy, FAILURE_HEADER.attempts)).toBe('0');
    expect(text(copy, FAILURE_HEADER.dueAt)).toBe('1795305600500');
    expect(text(copy, FAILURE_HEADER.heldBehind)).toBe('inventory.reserved:2:40');
    expect(text(copy, FAILURE_HEADER.errorCode)).toBe('HELD_BACK');
    expect(text(copy, FAILURE_HEADER.originalOffset)).toBe('41');
    expect(text(copy, 'correlation-id')).toBe('corr-1');
  });
});
