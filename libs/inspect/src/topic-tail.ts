import { OrderflowError } from '@orderflow/errors';
import type { KafkaClient, KafkaRecord } from '@orderflow/kafka';

import { createThrowawayConsumer } from './throwaway-consumer';

export interface TailTopicOptions {
  kafka: KafkaClient;
  topic: string;
  /** From the earliest offset instead of only records written from now on. */
  fromBeginning?: boolean;
  /** Only this partition. */
  partition?: number;
  /** Start at this offset of `partition`. */
  offset?: number;
  onRecord: (record: KafkaRecord) => Promise<void>;
  /** Tailing ends when this aborts (SIGINT in the CLI); the promise resolves once the group is deleted. */
  signal: AbortSignal;
}

const whenAborted = (signal: AbortSignal): Promise<void> =>
  signal.aborted
    ? Promise.resolve()
    : new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));

/** Follows a topic through a throwaway group until `signal` aborts; nothing is committed. */
export const tailTopic = async (options: TailTopicOptions): Promise<void> => {
  const { kafka, topic, fromBeginning = false, partition, offset, onRecord, signal } = options;
  if (offset !== undefined && partition === undefined) {
    throw new OrderflowError(
      'CONFIG_INVALID',
      'An offset needs its partition: pass --partition with --offset.',
      {
        context: { topic, offset },
      },
    );
  }
  const { consumer, close } = await createThrowawayConsumer({ kafka, label: 'tail' });
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning });
    await consumer.run({
      // Offsets are never committed: the group is deleted on exit and must leave nothing behind.
      autoCommit: false,
      eachMessage: async (record) => {
        if (partition !== undefined && record.partition !== partition) return;
        await onRecord(record);
      },
    });
    if (partition !== undefined && offset !== undefined)
      consumer.seek({ topic, partition, offset: String(offset) });
    await whenAborted(signal);
  } finally {
    await close();
  }
};
