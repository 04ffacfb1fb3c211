import type { EachBatchPayload, Kafka } from 'kafkajs';

import type { ConnectionSettings } from '@orderflow/config';
import { CONSUMER_DEFAULTS, runKeyOrdered } from '@orderflow/service-runtime';
import { createRedisClient } from '@orderflow/redis';
import type { OrderCreated } from '@orderflow/contracts';
import { createIdempotencyStore } from '@orderflow/idempotency';
import {
  createEventPublisher,
  createReliableProducer,
  createToolClient,
  deriveEventId,
} from '@orderflow/kafka';
import type { AvroSerde } from '@orderflow/registry';
import { waitFor, type TestNamespace } from '@orderflow/testing';

import { createSpan, deadlineFor, overSpan, tallyTopic } from '../bench-kafka';
import { compareTallies, createKeyTallier, type KeyTally } from '../key-tally';
import { startStopwatch, throughputRow } from '../measure';
import type { RowResult } from '../round.types';

export type Layer = 'decode' | 'idempotency' | 'follow-up';

export const LAYER_ROWS: Record<Layer, string> = {
  decode: 'eachBatch + Avro/registry decode',
  idempotency: '+ Redis idempotency (begin/complete per event)',
  'follow-up': '+ follow-up emit (acks=all, per event)',
};

export interface LayerOptions {
  kafka: Kafka;
  settings: ConnectionSettings;
  namespace: TestNamespace;
  serde: AvroSerde;
  /** Keys (order ids) of the order.created events already on the topic. */
  expected: KeyTally;
}

/**
 * The runtime's per-record work rebuilt from the library pieces, one layer more per row, on raw KafkaJS
 * eachBatch driven as the runtime drives it (its default partitions and keys in flight, each key's records
 * in order). Each row reads the same events with a group of its own.
 */
export const layerRow = async (layer: Layer, options: LayerOptions): Promise<RowResult> => {
  const { kafka, settings, namespace, serde, expected } = options;
  const group = `bench-${layer}`;
  const redis = layer === 'decode' ? undefined : createRedisClient(settings.redisUrl, `bench-${layer}`);
  const store = redis && createIdempotencyStore({ redis, keyPrefix: namespace.prefix });
  // The follow-ups go through the services' producer, which only takes a client built by @orderflow/kafka.
  const producer =
    layer === 'follow-up'
      ? createReliableProducer({
          kafka: createToolClient({
            brokers: settings.kafkaBrokers,
            clientId: 'orderflow-bench-r3',
            logLevel: 'error',
          }),
        })
      : undefined;
  const publisher = producer && createEventPublisher({ producer, serde, topicPrefix: namespace.prefix });
  const tallier = createKeyTallier();
  let duplicateEffects = 0;

  const handle = async (value: Buffer): Promise<void> => {
    const decoded = await serde.decode(value);
    const order = decoded.value as OrderCreated;
    if (store !== undefined) {
      const claim = await store.begin(group, order.eventId);
      if (claim.state !== 'acquired') {
        duplicateEffects += 1;
        return;
      }
      await publisher?.publish([
        {
          topic: 'notification.sent',
          key: order.orderId,
          value: {
            eventId: deriveEventId(order.eventId, group, 0),
            occurredAt: Date.now(),
            orderId: order.orderId,
            channel: 'EMAIL',
            kind: 'ORDER_CONFIRMED',
            recipient: order.customerId,
          },
          trace: { correlationId: order.eventId, causationId: order.eventId },
        },
      ]);
      await store.complete(group, order.eventId, claim.token);
    }
    tallier.add(order.orderId);
  };

  const consumer = kafka.consumer({ groupId: `${namespace.prefix}${group}` });
  const stopwatch = startStopwatch();
  const span = createSpan(() => stopwatch.restart());
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: `${namespace.prefix}order.created`, fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently: CONSUMER_DEFAULTS.concurrency,
      eachBatch: async (payload: EachBatchPayload) => {
        const { batch } = payload;
        const { error } = await runKeyOrdered({
          records: batch.messages,
          keyOf: (message) => message.key?.toString('latin1') ?? '',
          keysInFlight: CONSUMER_DEFAULTS.keysInFlight,
          mayStart: () => payload.isRunning() && !payload.isStale(),
          work: async (message) => {
            span.mark();
            await handle(message.value ?? Buffer.alloc(0));
          },
        });
        if (error !== undefined) throw error;
        await payload.heartbeat();
      },
    });
    await waitFor(
      () => Promise.resolve(tallier.tally.count + duplicateEffects >= expected.count ? true : undefined),
      {
        description: `${LAYER_ROWS[layer]} to handle ${expected.count} events`,
        timeoutMs: deadlineFor(expected.count, 50),
        intervalMs: 20,
      },
    );
  } finally {
    await consumer.disconnect();
    await publisher?.disconnect();
    redis?.disconnect();
  }
  const measurement = overSpan(stopwatch.stop(), span);
  let gate = compareTallies(expected, tallier.tally);
  if (gate.ok && duplicateEffects > 0)
    gate = { ok: false, detail: `${duplicateEffects} events claimed twice` };
  if (gate.ok && layer === 'follow-up') {
    const followUps = await tallyTopic(kafka, `${namespace.prefix}notification.sent`, expected.count);
    const emitted = compareTallies(expected, followUps);
    gate = emitted.ok ? { ok: true, detail: `${gate.detail}; follow-ups: ${emitted.detail}` } : emitted;
  }
  return throughputRow(LAYER_ROWS[layer], 'msgs/s', expected.count, measurement, gate);
};
