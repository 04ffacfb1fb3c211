import type { TopicPartitionOffset } from '@orderflow/kafka';
import type { Logger } from '@orderflow/logging';

export interface OffsetCommitterOptions {
  /** Commits offsets for the group (KafkaJS `consumer.commitOffsets`: the next offset to read). */
  commit: (offsets: TopicPartitionOffset[]) => Promise<void>;
  /**
   * Writes the same offsets beside the effects (Redis) first: Kafka is never told of an offset Redis does
   * not hold, and if the write fails nothing is committed (see RedisOffsets).
   */
  persist?: (offsets: TopicPartitionOffset[]) => Promise<void>;
  intervalMs: number;
  logger: Logger;
}

export interface OffsetCommitter {
  /** Every record of the partition up to and including `offset` is fully dealt with. */
  done(topic: string, partition: number, offset: string): void;
  /** Forgets partitions outside the new assignment: their next owner reads from the last commit. */
  retain(assignment: Record<string, number[]>): void;
  /** Commits what is done now; a failure is logged and kept for the next attempt. */
  flush(): Promise<void>;
  /**
   * flush(), waited for at most `waitMs`: whether it finished. The commit goes on if not; for a caller
   * that must not be held by a Kafka that cannot commit (a failing batch, see OrderflowKafkaServer).
   */
  flushWithin(waitMs: number): Promise<boolean>;
  /** Stops the timer and drops what is pending (the consumer is gone; it would not be committed). */
  stop(): void;
}

const partitionKey = (topic: string, partition: number): string => `${partition}:${topic}`;

/**
 * Commits finished offsets on a timer instead of after every fetched batch: KafkaJS would otherwise send
 * an OffsetCommit per batch, which at a few records per batch is as many requests as the records
 * themselves. Only offsets of fully processed records are ever committed; after a crash the records
 * since the last commit are read again and the idempotency store turns them into duplicates, skipped.
 */
export const createOffsetCommitter = ({
  commit,
  persist,
  intervalMs,
  logger,
}: OffsetCommitterOptions): OffsetCommitter => {
  /** Next offset to read per partition, not yet committed. */
  const pending = new Map<string, TopicPartitionOffset>();
  let inFlight: Promise<void> | undefined;

  const commitPending = async (): Promise<void> => {
    if (pending.size === 0) return;
    const offsets = [...pending.values()];
    pending.clear();
    try {
      await persist?.(offsets);
      await commit(offsets);
    } catch (error) {
      // Put back what no later record has superseded meanwhile.
      for (const offset of offsets) {
        const key = partitionKey(offset.topic, offset.partition);
        if (!pending.has(key)) pending.set(key, offset);
      }
      logger.warn('offsets.commit-failed', { hint: 'retried at the next interval', error });
    }
  };

  // One commit at a time, so a slow one is never overtaken by an older set of offsets.
  const flush = async (): Promise<void> => {
    while (inFlight) await inFlight;
    inFlight = commitPending().finally(() => (inFlight = undefined));
    await inFlight;
  };

  const timer = setInterval(() => void flush(), intervalMs);
  timer.unref();

  return {
    done(topic, partition, offset) {
      pending.set(partitionKey(topic, partition), { topic, partition, offset: String(BigInt(offset) + 1n) });
    },
    retain(assignment) {
      for (const [key, offset] of pending) {
        if (!assignment[offset.topic]?.includes(offset.partition)) pending.delete(key);
      }
    },
    flush,
    async flushWithin(waitMs) {
      let timer: NodeJS.Timeout | undefined;
      const waited = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), waitMs)));
      try {
        return await Promise.race([flush().then(() => true as const), waited]);
      } finally {
        clearTimeout(timer);
      }
    },
    stop() {
      clearInterval(timer);
      pending.clear();
    },
  };
};
