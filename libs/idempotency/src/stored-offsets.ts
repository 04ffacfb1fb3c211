import type Redis from 'ioredis';

/**
 * Where a consumer group keeps each partition's next offset beside its effects (see the consumer
 * runtime's redis-offsets): the runtime writes it before every Kafka commit, and an operator's offset
 * reset writes it too, or the runtime would take a reset forward for a Redis that lost writes and seek back.
 */
export const storedOffsetKey = (keyPrefix: string, group: string, topic: string, partition: number): string =>
  `${keyPrefix}offsets:${group}:${topic}:${partition}`;

export interface StoredOffsetsTarget {
  redis: Redis;
  /** The runtime's namespace prefix ('' in production). */
  keyPrefix: string;
  /** The group's name as declared in topics.yaml. */
  group: string;
}

/** Sets the stored next offsets of a group's partitions of one (physical) topic, in one round trip. */
export const writeStoredOffsets = async (
  { redis, keyPrefix, group }: StoredOffsetsTarget,
  topic: string,
  offsets: readonly { partition: number; offset: bigint }[],
): Promise<void> => {
  if (offsets.length === 0) return;
  await redis.mset(
    offsets.flatMap(({ partition, offset }) => [
      storedOffsetKey(keyPrefix, group, topic, partition),
      String(offset),
    ]),
  );
};
