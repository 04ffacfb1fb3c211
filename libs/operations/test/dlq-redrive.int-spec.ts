import Redis from 'ioredis';

import type { KafkaAdmin, KafkaClient } from '@orderflow/kafka';
import {
  createRateLimiter,
  createRedriveProgress,
  redriveDlq,
  REDRIVE_COUNT_HEADER,
  type RedriveStep,
  type RedriveTotals,
} from '@orderflow/operations';
import { produceRecords, readAllRecords, waitFor } from '@orderflow/testing';
import { consumerGroup, type ConsumerGroupModel } from '@orderflow/topics';

// The consumer runtime's probe service: the real failure path (retry tiers of 300 ms and 600 ms, DLQ).
import {
  anOrder,
  probeTopicsFile,
  startProbe,
  type Probe,
} from '../../service-runtime/test/runtime-test-kit';
import { committedOffsets, headerText, kafkaFor, readWholeDlq } from './operations-test-kit';

describe('dlq redrive end to end: a failure dead-lettered, its cause fixed, the record redriven', () => {
  let probe: Probe;
  let kafka: KafkaClient;
  let admin: KafkaAdmin;
  let redis: Redis;
  let group: ConsumerGroupModel;
  // The "cause": the handler fails (a retriable plain Error) for the flaky customer until it is fixed.
  let fixed = false;

  beforeAll(async () => {
    probe = await startProbe('redrive', { fails: (event) => event.customerId === 'flaky' && !fixed });
    kafka = kafkaFor(probe.namespace);
    admin = await probe.namespace.admin();
    redis = new Redis(probe.namespace.settings.redisUrl);
    const model = consumerGroup({
      file: probeTopicsFile(),
      name: 'probe',
      topicPrefix: probe.namespace.prefix,
    });
    if (model === undefined) throw new Error('probe group missing');
    group = model;
  });

  afterAll(async () => {
    redis.disconnect();
    await probe.close();
  });

  /** Resolves once the probe group has committed everything on a topic: no delivery is pending there. */
  const waitForCaughtUp = async (logical: string): Promise<void> => {
    const topic = `${probe.namespace.prefix}${logical}`;
    await waitFor(
      async () => {
        const [partition] = await admin.fetchTopicOffsets(topic);
        const committed = await committedOffsets(probe.namespace, `${probe.namespace.prefix}probe`, topic);
        return partition !== undefined && committed[0] === partition.high ? true : undefined;
      },
      { description: `the probe group to commit up to the end of ${logical}`, timeoutMs: 30_000 },
    );
  };

  const redrive = async (execute: boolean): Promise<{ totals: RedriveTotals; steps: RedriveStep[] }> => {
    const steps: RedriveStep[] = [];
    const totals = await redriveDlq({
      kafka,
      admin,
      group,
      selection: { errorClass: 'Error' },
      maxRedrives: 3,
      execute,
      progress: createRedriveProgress({ redis, keyPrefix: probe.namespace.prefix, group: 'probe' }),
      limiter: createRateLimiter({ perSecond: 10 }),
      onStep: (step) => steps.push(step),
    });
    if (totals === undefined) throw new Error('probe.dlq missing');
    return { totals, steps };
  };

  const flakyCalls = () => probe.calls.filter((call) => call.orderId === 'order-flaky');
  const sourceEnd = async () =>
    (await admin.fetchTopicOffsets(`${probe.namespace.prefix}order.created`))[0]?.high;

  it('redriven twice, a dead letter is delivered once more, and only to the group that failed (F11b, F11c)', async () => {
    const { namespace, serde } = probe;
    await produceRecords(namespace, 'order.created', [
      { key: 'order-flaky', value: await serde.encode('order.created', anOrder('order-flaky', 'flaky')) },
      // Dead-lettered too, but for another reason (undecodable, OrderflowError): the selection leaves it.
      { key: 'order-poison', value: Buffer.from([0x00, 0xde, 0xad, 0xbe, 0xef]) },
    ]);
    await waitFor(
      async () => ((await readWholeDlq(kafka, admin, group.dlqTopic)).length === 2 ? true : undefined),
      { description: 'both records in probe.dlq', timeoutMs: 30_000 },
    );
    // Climbed both tiers before the DLQ.
    expect(flakyCalls().map((call) => call.attempt)).toEqual([1, 2, 3]);
    fixed = true;
    const endBefore = await sourceEnd();

    // The dry run: exactly the flaky record, into the probe's first tier, as its first redrive; nothing sent.
    const dry = await redrive(false);
    expect(dry.totals).toEqual({ selected: 1, sent: 1, redrivenBefore: 0, refused: 0 });
    expect(dry.steps[0]).toMatchObject({ kind: 'send', topic: group.retryTiers[0]?.topic, redriveCount: 1 });
    expect(dry.steps[0]?.record.provenance).toMatchObject({ dlqReason: 'retries-exhausted', attempts: 3 });
    expect(await readAllRecords(namespace, 'probe.retry-300ms')).toHaveLength(1);

    const first = await redrive(true);
    const second = await redrive(true);
    expect(first.totals).toEqual({ selected: 1, sent: 1, redrivenBefore: 0, refused: 0 });
    expect(second.totals).toEqual({ selected: 1, sent: 0, redrivenBefore: 1, refused: 0 });
    await waitFor(() => Promise.resolve(flakyCalls().length === 4 ? true : undefined), {
      description: 'the redriven record handled',
      timeoutMs: 30_000,
    });
    await waitForCaughtUp('probe.retry-300ms');

    // A first delivery again (attempt 1), handled without failing, exactly once.
    expect(flakyCalls().map((call) => call.attempt)).toEqual([1, 2, 3, 1]);
    const tier = await readAllRecords(namespace, 'probe.retry-300ms');
    expect(tier).toHaveLength(2);
    expect(tier[1]?.value).toEqual(first.steps[0]?.record.value);
    expect(headerText(tier[1]?.headers, REDRIVE_COUNT_HEADER)).toBe('1');
    // Nothing reached the source topic: no other group reading order.created sees anything new.
    expect(await sourceEnd()).toBe(endBefore);
    expect(await readWholeDlq(kafka, admin, group.dlqTopic)).toHaveLength(2);
    console.log(
      `redrive x2: sent ${first.totals.sent} then ${second.totals.sent} (${second.totals.redrivenBefore} redriven before); ` +
        `handler calls for the record ${flakyCalls().length}; order.created end ${String(endBefore)} → ${String(await sourceEnd())}`,
    );
  });
});
