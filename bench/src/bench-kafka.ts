import { Kafka, logLevel, Partitioners, type Consumer, type Message, type Producer } from 'kafkajs';

import type { ConnectionSettings } from '@orderflow/config';
import { waitFor } from '@orderflow/testing';

import { createKeyTallier, type KeyTally } from './key-tally';

// The bench's one seam to KafkaJS: rounds that need its types take them from here.
export type { Kafka, Message, Producer };

export const benchKafka = (settings: ConnectionSettings, clientId: string): Kafka =>
  new Kafka({ clientId, brokers: settings.kafkaBrokers, logLevel: logLevel.ERROR });

export const benchProducer = async (kafka: Kafka): Promise<Producer> => {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  return producer;
};

/** Sends in batches of `batchSize`, one batch in flight, acks=all. */
export const sendInBatches = async (
  producer: Producer,
  topic: string,
  messages: Message[],
  batchSize = 500,
): Promise<void> => {
  for (let start = 0; start < messages.length; start += batchSize) {
    await producer.send({ topic, acks: -1, messages: messages.slice(start, start + batchSize) });
  }
};

/** Runs `work` for indices 0..count-1 with at most `inFlight` of them pending at once. */
export const runWithInFlight = async (
  count: number,
  inFlight: number,
  work: (index: number) => Promise<void>,
): Promise<void> => {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) await work(next++);
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, count) }, lane));
};

/** Deadline for waiting on `count` messages: generous, so a slow machine fails the gate, not the wait. */
export const deadlineFor = (count: number, perSecondFloor = 50): number =>
  30_000 + (count / perSecondFloor) * 1_000;

/**
 * Reads a whole topic from the beginning with a throwaway group and tallies its keys: how producer rows
 * prove what reached the broker.
 */
export const tallyTopic = async (kafka: Kafka, topic: string, expected: number): Promise<KeyTally> => {
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const total = offsets.reduce((sum, partition) => sum + Number(partition.high) - Number(partition.low), 0);
  const tallier = createKeyTallier();
  if (total === 0) return tallier.tally;
  const consumer = kafka.consumer({ groupId: `${topic}.verify-${Date.now().toString(36)}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) tallier.add(message.key?.toString() ?? '');
        return Promise.resolve();
      },
    });
    await waitFor(() => Promise.resolve(tallier.tally.count >= total ? true : undefined), {
      description: `${total} records of ${topic} to be read back`,
      timeoutMs: deadlineFor(Math.max(total, expected), 2_000),
      intervalMs: 20,
    });
    return tallier.tally;
  } finally {
    await consumer.disconnect();
  }
};

/** First and last time something happened: consumer rows are timed from the first record to the last. */
export interface Span {
  first: number | undefined;
  last: number;
  mark(): void;
}

/** `onFirst` runs at the first mark (e.g. to restart a stopwatch there). */
export const createSpan = (onFirst?: () => void): Span => {
  const span: Span = {
    first: undefined,
    last: 0,
    mark() {
      const now = performance.now();
      if (span.first === undefined) {
        span.first = now;
        onFirst?.();
      }
      span.last = now;
    },
  };
  return span;
};

/** The span's duration as the measurement's elapsed time (CPU and RSS stay as measured). */
export const overSpan = <T extends { elapsedMs: number }>(measurement: T, span: Span): T => ({
  ...measurement,
  elapsedMs: span.first === undefined ? 0 : span.last - span.first,
});

export const disconnectAll = async (...clients: (Consumer | Producer | undefined)[]): Promise<void> => {
  for (const client of clients) await client?.disconnect().catch(() => undefined);
};
