import { OrderflowError } from '@orderflow/errors';
import { createToolClient, type KafkaClient, type KafkaRecord, type RecordHeaders } from '@orderflow/kafka';

import type { TestNamespace } from './test-namespace';

/** A Kafka client on the namespace's broker, logging errors only. */
export const kafkaFor = (namespace: TestNamespace, clientId: string): KafkaClient =>
  createToolClient({ clientId, brokers: namespace.settings.kafkaBrokers, logLevel: 'error' });

/** Produces raw records (bytes as given) to a topic of the namespace, acks=all. */
export const produceRecords = async (
  namespace: TestNamespace,
  topic: string,
  messages: { key: string | null; value: Buffer | null; headers?: RecordHeaders }[],
): Promise<void> => {
  const producer = kafkaFor(namespace, 'orderflow-test-producer').producer();
  await producer.connect();
  try {
    await producer.send({ topic: `${namespace.prefix}${topic}`, messages });
  } finally {
    await producer.disconnect();
  }
};

/**
 * Every record on a topic of the namespace right now, read by a throwaway group from the beginning;
 * DEADLINE_EXCEEDED when they have not all arrived within `timeoutMs`.
 */
export const readAllRecords = async (
  namespace: TestNamespace,
  topic: string,
  { timeoutMs = 30_000 }: { timeoutMs?: number } = {},
): Promise<KafkaRecord[]> => {
  const physical = `${namespace.prefix}${topic}`;
  const offsets = await (await namespace.admin()).fetchTopicOffsets(physical);
  const total = offsets.reduce((sum, partition) => sum + Number(partition.high) - Number(partition.low), 0);
  if (total === 0) return [];
  const consumer = kafkaFor(namespace, 'orderflow-test-reader').consumer({
    groupId: `${namespace.prefix}reader-${Date.now()}-${Math.random().toString(36).slice(2)}`,
  });
  await consumer.connect();
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.subscribe({ topics: [physical], fromBeginning: true });
    const seen: KafkaRecord[] = [];
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => {
        reject(
          new OrderflowError(
            'DEADLINE_EXCEEDED',
            `Read ${seen.length} of the ${total} records of ${physical} in ${timeoutMs} ms; is the broker up?`,
            { retriable: true, context: { topic: physical, timeoutMs } },
          ),
        );
      }, timeoutMs);
      consumer
        .run({
          eachMessage: (record) => {
            seen.push(record);
            if (seen.length >= total) resolve();
            return Promise.resolve();
          },
        })
        .catch(reject);
    });
    return seen;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
};

/** Events decoded as they arrive on a topic of the namespace, until `stop`. */
export interface EventCollector<T> {
  events: { key: string; value: T }[];
  stop(): Promise<void>;
}

/** Starts collecting a topic's events from the beginning, decoded with `decode` (e.g. an Avro serde). */
export const collectEvents = async <T>(
  namespace: TestNamespace,
  topic: string,
  decode: (value: Buffer) => Promise<T>,
): Promise<EventCollector<T>> => {
  const events: { key: string; value: T }[] = [];
  const consumer = kafkaFor(namespace, 'orderflow-test-collector').consumer({
    groupId: `${namespace.prefix}collector-${Date.now()}-${Math.random().toString(36).slice(2)}`,
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [`${namespace.prefix}${topic}`], fromBeginning: true });
  await consumer.run({
    eachMessage: async (record) => {
      events.push({
        key: record.key?.toString() ?? '',
        value: await decode(record.value ?? Buffer.alloc(0)),
      });
    },
  });
  return { events, stop: () => consumer.disconnect() };
};
