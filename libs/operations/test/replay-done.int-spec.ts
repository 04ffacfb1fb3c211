import Redis from 'ioredis';

import { readRuntimeConfig, startService, type RunningService } from '@orderflow/service-runtime';
import type { KafkaAdmin, KafkaClient } from '@orderflow/kafka';
import {
  applyOffsetReset,
  eventIdReader,
  planOffsetReset,
  scanReplayDone,
  type DoneScan,
} from '@orderflow/operations';
import { produceRecords, waitFor } from '@orderflow/testing';

import {
  anOrder,
  probeModule,
  probeTopicsFile,
  startProbe,
  type Probe,
  type ProbeCall,
} from '../../service-runtime/test/runtime-test-kit';
import { committedOffsets, kafkaFor } from './operations-test-kit';

const ORDERS = ['order-1', 'order-2', 'order-3', 'order-4'];

describe('replay within the done-marker window (F11a)', () => {
  let probe: Probe;
  let kafka: KafkaClient;
  let admin: KafkaAdmin;
  let redis: Redis;
  let topic: string;
  let groupId: string;
  let restarted: RunningService | undefined;

  beforeAll(async () => {
    probe = await startProbe('replay-done');
    kafka = kafkaFor(probe.namespace);
    admin = await probe.namespace.admin();
    redis = new Redis(probe.namespace.settings.redisUrl);
    topic = `${probe.namespace.prefix}order.created`;
    groupId = `${probe.namespace.prefix}probe`;
    // No event-id header: the scan reads eventIds by decoding through the registry, as the consumer does.
    await produceRecords(
      probe.namespace,
      'order.created',
      await Promise.all(
        ORDERS.map(async (orderId) => ({
          key: orderId,
          value: await probe.serde.encode('order.created', anOrder(orderId)),
        })),
      ),
    );
    await waitForCaughtUp();
    expect(probe.calls).toHaveLength(ORDERS.length);
    await probe.service.close();
  });

  afterAll(async () => {
    await restarted?.close();
    redis.disconnect();
    await probe.namespace.cleanup();
  });

  async function waitForCaughtUp(): Promise<void> {
    await waitFor(
      async () => {
        const [partition] = await admin.fetchTopicOffsets(topic);
        const committed = await committedOffsets(probe.namespace, groupId, topic);
        return partition !== undefined && committed[0] === partition.high ? true : undefined;
      },
      { description: 'the probe group to commit up to the end of order.created', timeoutMs: 30_000 },
    );
  }

  /** Resets the stopped group to the earliest offset, scanning (and maybe forgetting) done markers first. */
  const replayFromEarliest = async (forget: boolean): Promise<DoneScan> => {
    const plan = await planOffsetReset({ admin, groupId, topic, mode: { kind: 'earliest' } });
    const scan = await scanReplayDone({
      kafka,
      plan,
      redis,
      keyPrefix: probe.namespace.prefix,
      group: 'probe',
      eventIdOf: eventIdReader(probe.serde),
      forget,
    });
    await applyOffsetReset({ admin, plan });
    return scan;
  };

  /** Starts the probe group again on the namespace and waits until it has read the replayed range. */
  const runAgain = async (): Promise<ProbeCall[]> => {
    const calls: ProbeCall[] = [];
    const runtime = {
      ...readRuntimeConfig(
        { service: 'probe', group: 'probe', portVariable: 'PROBE_PORT', defaultPort: 0 },
        { ...process.env, LOG_LEVEL: 'error' },
      ),
      topicPrefix: probe.namespace.prefix,
    };
    restarted = await startService({ module: probeModule(calls), runtime, topics: probeTopicsFile() });
    await restarted.whenConsuming();
    await waitForCaughtUp();
    await restarted.close();
    restarted = undefined;
    return calls;
  };

  it('without --forget-done, says every replayed record is done and will be skipped, and the replay handles none', async () => {
    const scan = await replayFromEarliest(false);
    expect(scan).toEqual({ records: 4, done: 4, forgotten: 0, unidentified: 0 });
    expect(await runAgain()).toEqual([]);
    console.log(`replay without --forget-done: ${scan.done} of ${scan.records} skipped as done, 0 handled`);
  });

  it('with --forget-done, forgets the range’s done markers and the replay handles every record once', async () => {
    const scan = await replayFromEarliest(true);
    expect(scan).toEqual({ records: 4, done: 4, forgotten: 4, unidentified: 0 });
    const calls = await runAgain();
    expect(calls.map((call) => call.orderId).sort()).toEqual(ORDERS);
    expect(calls.every((call) => call.attempt === 1)).toBe(true);
    console.log(`replay with --forget-done: ${scan.forgotten} markers forgotten, ${calls.length} handled`);
  });
});
