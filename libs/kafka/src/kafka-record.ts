import type { KafkaRecord, PartitionRecord } from './kafka-types';

/**
 * A record of a partition's batch with its coordinates, and only the record's own fields: the client's
 * batch entries carry its bookkeeping too (sizes, attributes), which must not travel on.
 */
export const recordOf = (
  { topic, partition }: { topic: string; partition: number },
  { offset, timestamp, key, value, headers }: PartitionRecord,
): KafkaRecord => ({
  topic,
  partition,
  offset,
  timestamp,
  key,
  value,
  ...(headers === undefined ? {} : { headers }),
});
