import type { Kafka } from 'kafkajs';

import {
  createRateLimiter,
  executeRedrive,
  planRedrive,
  readDlq,
  REDRIVE_COUNT_HEADER,
  selectDlqRecords,
  type DlqRecord,
} from '@orderflow/operations';
import { produceRecords, readAllRecords, waitFor } from '@orderflow/testing';

// The consumer runtime's probe service: the real failure path (retry tiers of 300 ms and 600 ms, DLQ).
import { anOrder, startProbe, type Probe } from '../../consumer-runtime/test/runtime-test-kit';
import { committedOffsets, headerText, kafkaFor } from './operations-test-kit';

describe('dlq redrive end to end: a failure dead-lettered, its cause fixed, the record redriven', () => {
  let probe: Probe;
  let kafka: Kafka;
  // The "cause": the handler fails (a retriable plain Error) for the flaky customer until it is fixed.
  let fixed = false;

  beforeAll(async () => {
    probe = await startProbe('redrive', { fails: (event) => event.customerId === 'flaky' && !fixed });
    kafka = kafkaFor(probe.namespace);
  });

  afterAll(() => probe.close());

  const dlq = async (): Promise<DlqRecord[]> =>
    (await readDlq({
      kafka,
      admin: await probe.namespace.admin(),
      topic: `${probe.namespace.prefix}probe.dlq`,
    })) ?? [];

  /** Resolves once the probe group has committed everything on order.created: no delivery is pending. */
  const waitForCaughtUp = async (): Promise<void> => {
    const topic = `${probe.namespace.prefix}order.created`;
    const admin = await probe.namespace.admin();
    await waitFor(
      async () => {
        const [partition] = await admin.fetchTopicOffsets(topic);
        const committed = await committedOffsets(probe.namespace, `${probe.namespace.prefix}probe`, topic);
        return partition !== undefined && committed[0] === partition.high ? true : undefined;
      },
      { description: 'the probe group to commit up to the end of order.created', timeoutMs: 30_000 },
    );
  };

  const flakyCalls = () => probe.calls.filter((call) => call.orderId === 'order-flaky');

  it('runs the handler once more, successfully, and only for the selected record', async () => {
    const { namespace, serde } = probe;
    await produceRecords(namespace, 'order.created', [
      { key: 'order-flaky', value: await serde.encode('order.created', anOrder('order-flaky', 'flaky')) },
      // Dead-lettered too, but for another reason (undecodable, OrderflowError): the selection leaves it.
      { key: 'order-poison', value: Buffer.from([0x00, 0xde, 0xad, 0xbe, 0xef]) },
    ]);
    const deadLetters = await waitFor(
      async () => {
        const records = await dlq();
        return records.length === 2 ? records : undefined;
      },
      { description: 'both records in probe.dlq', timeoutMs: 30_000 },
    );
    // Climbed both tiers before the DLQ.
    expect(flakyCalls().map((call) => call.attempt)).toEqual([1, 2, 3]);

    fixed = true;
    const selected = selectDlqRecords(deadLetters, { errorClass: 'Error' });
    const steps = planRedrive({ records: selected, topicPrefix: namespace.prefix, maxRedrives: 3 });

    // The dry run: exactly the flaky record, back to its original topic, as its first redrive.
    expect(steps).toHaveLength(1);
    expect(steps[0]).toMatchObject({
      kind: 'send',
      topic: `${namespace.prefix}order.created`,
      redriveCount: 1,
    });
    expect(steps[0]?.record.key?.toString()).toBe('order-flaky');
    expect(steps[0]?.record.provenance).toMatchObject({
      dlqReason: 'retries-exhausted',
      attempts: 3,
      errorMessage: 'payment backend said no to order-flaky',
    });
    expect(await readAllRecords(namespace, 'order.created')).toHaveLength(2);

    expect(await executeRedrive({ kafka, steps, limiter: createRateLimiter({ perSecond: 10 }) })).toEqual({
      sent: 1,
      refused: 0,
    });
    await waitForCaughtUp();

    // A first delivery again (attempt 1), handled without failing: no new retry or dead letter.
    expect(flakyCalls().map((call) => call.attempt)).toEqual([1, 2, 3, 1]);
    expect(await dlq()).toHaveLength(2);
    expect(await readAllRecords(namespace, 'probe.retry-300ms')).toHaveLength(1);
    const redriven = (await readAllRecords(namespace, 'order.created')).at(-1);
    expect(redriven?.key?.toString()).toBe('order-flaky');
    expect(redriven?.value).toEqual(steps[0]?.record.value);
    expect(headerText(redriven?.headers, REDRIVE_COUNT_HEADER)).toBe('1');
  });

  it('turns a second redrive of the same record into a no-op: the event is done', async () => {
    const selected = selectDlqRecords(await dlq(), { errorClass: 'Error' });
    const steps = planRedrive({ records: selected, topicPrefix: probe.namespace.prefix, maxRedrives: 3 });
    expect(await executeRedrive({ kafka, steps, limiter: createRateLimiter({ perSecond: 10 }) })).toEqual({
      sent: 1,
      refused: 0,
    });
    await waitForCaughtUp();
    expect(flakyCalls()).toHaveLength(4);
  });
});
