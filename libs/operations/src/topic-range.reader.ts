import { randomUUID } from 'node:crypto';

import { OrderflowError } from '@orderflow/errors';
import { recordOf, type KafkaClient, type KafkaRecord } from '@orderflow/kafka';

import type { OffsetRange } from './topic-range.types';

export interface ReadTopicRangeOptions {
  kafka: KafkaClient;
  /** The physical topic. */
  topic: string;
  ranges: readonly OffsetRange[];
  /**
   * Called with each fetched batch of one partition, in offset order, one call at a time: the next fetch
   * waits for it, so memory holds one page however long the range. Resolving 'stop' ends the read early;
   * a rejection stops it with that error.
   */
  onRecords: (records: KafkaRecord[]) => Promise<void | 'stop'>;
  /** Upper bound of one page's bytes per partition (a single larger record still comes whole). */
  pageBytes?: number;
  /** Gives up when no record arrives for this long (a partition truncated under the reader, a lost broker). */
  idleTimeoutMs?: number;
}

/**
 * Reads exact offset ranges with a throwaway group that never commits, so operators' reads leave no trace
 * in any real group. Coordinator: the consumer's callbacks settle one promise.
 */
export const readTopicRange = async (options: ReadTopicRangeOptions): Promise<number> => {
  const { kafka, topic, onRecords, idleTimeoutMs = 30_000, pageBytes = 1_048_576 } = options;
  const pending = new Map(
    options.ranges.filter((range) => range.from < range.end).map((r) => [r.partition, r]),
  );
  if (pending.size === 0) return 0;
  const next = new Map([...pending.values()].map((range) => [range.partition, range.from]));
  const consumer = kafka.consumer({
    groupId: `orderflow-reader-${randomUUID()}`,
    allowAutoTopicCreation: false,
    maxBytesPerPartition: pageBytes,
    maxBytes: pageBytes,
  });
  let count = 0;
  let idle: NodeJS.Timeout | undefined;
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const armIdle = (): void => {
        clearTimeout(idle);
        idle = setTimeout(
          () =>
            reject(
              new OrderflowError(
                'DEADLINE_EXCEEDED',
                `No record of ${topic} arrived for ${idleTimeoutMs} ms while ${count} of the range were read; check the broker and run again.`,
                { retriable: true, context: { topic, read: count } },
              ),
            ),
          idleTimeoutMs,
        );
      };
      armIdle();
      consumer
        .run({
          autoCommit: false,
          eachBatch: async (batch, control) => {
            const range = pending.get(batch.partition);
            if (range === undefined) return;
            const start = next.get(batch.partition) ?? range.from;
            // Offsets before `from` arrive until the seek applies; a refetch may repeat offsets already read.
            const records = batch.records
              .filter((record) => BigInt(record.offset) >= start && BigInt(record.offset) < range.end)
              .map((record) => recordOf(batch, record));
            if (records.length > 0) {
              // A slow page (a rate-limited redrive) is work, not idleness; the session stays alive meanwhile.
              clearTimeout(idle);
              const beat = setInterval(() => void control.heartbeat().catch(() => undefined), 1_000);
              let stop: void | 'stop';
              try {
                stop = await onRecords(records);
              } catch (error: unknown) {
                reject(error instanceof Error ? error : new Error(String(error)));
                return;
              } finally {
                clearInterval(beat);
              }
              count += records.length;
              if (stop === 'stop') {
                pending.clear();
                resolve();
                return;
              }
              armIdle();
            }
            // lastOffset() covers control records too, so a range ending in a transaction marker completes.
            const reached = BigInt(batch.lastOffset()) + 1n;
            if (reached > start) next.set(batch.partition, reached);
            if (reached >= range.end) pending.delete(batch.partition);
            if (pending.size === 0) resolve();
          },
        })
        .catch(reject);
      for (const range of pending.values())
        consumer.seek({ topic, partition: range.partition, offset: String(range.from) });
    });
    return count;
  } finally {
    clearTimeout(idle);
    await consumer.disconnect();
  }
};
