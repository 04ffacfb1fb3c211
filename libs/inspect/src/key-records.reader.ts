import { OrderflowError } from '@orderflow/errors';
import { partitionOfKey, recordOf, type KafkaClient, type KafkaRecord } from '@orderflow/kafka';

import { createThrowawayConsumer } from './throwaway-consumer';

export interface ReadKeyRecordsOptions {
  kafka: KafkaClient;
  /** Physical topic names; each must exist. */
  topics: readonly string[];
  key: string;
  /** Gives up (DEADLINE_EXCEEDED) when the partitions are not read to their end by then. */
  timeoutMs?: number;
}

interface Target {
  topic: string;
  partition: number;
  /** High watermark when the read started: records written later are not waited for. */
  end: number;
}

const targetId = (topic: string, partition: number): string => `${topic}:${partition}`;

const findTargets = async (kafka: KafkaClient, topics: readonly string[], key: string): Promise<Target[]> => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const metadata = await admin.fetchTopicMetadata({ topics: [...topics] });
    const targets: Target[] = [];
    for (const { name, partitions } of metadata.topics) {
      const partition = partitionOfKey(name, partitions, key);
      const offsets = await admin.fetchTopicOffsets(name);
      const bounds = offsets.find((candidate) => candidate.partition === partition);
      if (bounds && Number(bounds.high) > Number(bounds.low)) {
        targets.push({ topic: name, partition, end: Number(bounds.high) });
      }
    }
    return targets;
  } finally {
    await admin.disconnect();
  }
};

/**
 * Every record with this key in the topics, as they are now: reads only the key's partition of each
 * topic, from the earliest offset to the high watermark taken at the start, in a throwaway group.
 */
export const readKeyRecords = async ({
  kafka,
  topics,
  key,
  timeoutMs = 60_000,
}: ReadKeyRecordsOptions): Promise<KafkaRecord[]> => {
  const targets = new Map(
    (await findTargets(kafka, topics, key)).map((target) => [
      targetId(target.topic, target.partition),
      target,
    ]),
  );
  if (targets.size === 0) return [];
  const found: KafkaRecord[] = [];
  const { consumer, close } = await createThrowawayConsumer({ kafka, label: 'trace' });
  let timer: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new OrderflowError(
              'DEADLINE_EXCEEDED',
              `Reading the partitions of key ${key} took over ${timeoutMs} ms.`,
              {
                retriable: true,
                context: { key, pending: [...targets.keys()] },
              },
            ),
          ),
        timeoutMs,
      );
      const settle = (topic: string, partition: number): void => {
        targets.delete(targetId(topic, partition));
        // Other partitions of the topic are assigned too (a group subscribes to whole topics): stop them.
        consumer.pause([{ topic, partitions: [partition] }]);
        if (targets.size === 0) resolve();
      };
      consumer
        .subscribe({ topics: [...topics], fromBeginning: true })
        .then(() =>
          consumer.run({
            autoCommit: false,
            eachBatch: (batch) => {
              const target = targets.get(targetId(batch.topic, batch.partition));
              if (target === undefined) {
                consumer.pause([{ topic: batch.topic, partitions: [batch.partition] }]);
                return Promise.resolve();
              }
              for (const record of batch.records) {
                if (Number(record.offset) >= target.end) break;
                if (record.key?.toString('utf8') === key) {
                  found.push(recordOf(batch, record));
                }
              }
              if (Number(batch.lastOffset()) + 1 >= target.end) settle(batch.topic, batch.partition);
              return Promise.resolve();
            },
          }),
        )
        .catch(reject);
    });
  } finally {
    clearTimeout(timer);
    await close();
  }
  return found;
};
