import { OrderflowError } from '@orderflow/errors';
import type { KafkaAdmin } from '@orderflow/kafka';

/** The log start and high watermark of one partition. */
export interface PartitionBounds {
  partition: number;
  low: bigint;
  high: bigint;
}

export interface ReadPartitionBoundsOptions {
  admin: KafkaAdmin;
  /** The physical topic. */
  topic: string;
  /** Only these partitions; all when undefined. Unknown partitions are an error, not silently skipped. */
  partitions?: readonly number[];
}

export const readPartitionBounds = async ({
  admin,
  topic,
  partitions,
}: ReadPartitionBoundsOptions): Promise<PartitionBounds[]> => {
  const existing = await admin.listTopics();
  if (!existing.includes(topic)) {
    throw new OrderflowError(
      'OPERATION_INVALID',
      `Topic ${topic} does not exist; check the name and --topic-prefix (\`orderflow topics plan\` lists what should exist).`,
      { context: { topic } },
    );
  }
  const bounds = (await admin.fetchTopicOffsets(topic))
    .map((offsets) => ({
      partition: offsets.partition,
      low: BigInt(offsets.low),
      high: BigInt(offsets.high),
    }))
    .sort((a, b) => a.partition - b.partition);
  if (partitions === undefined) return bounds;
  const unknown = partitions.filter((partition) => !bounds.some((bound) => bound.partition === partition));
  if (unknown.length > 0) {
    throw new OrderflowError(
      'OPERATION_INVALID',
      `Topic ${topic} has partitions 0-${bounds.length - 1}; ${unknown.join(',')} do not exist.`,
      { context: { topic, unknown } },
    );
  }
  return bounds.filter((bound) => partitions.includes(bound.partition));
};

/** Per partition, the first offset whose timestamp is at or after `timestamp` (the high watermark if none). */
export const offsetsAtTimestamp = async (
  admin: KafkaAdmin,
  topic: string,
  timestamp: number,
): Promise<Map<number, bigint>> =>
  new Map(
    (await admin.fetchTopicOffsetsByTimestamp(topic, timestamp)).map(({ partition, offset }) => [
      partition,
      BigInt(offset),
    ]),
  );
