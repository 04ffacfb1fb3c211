import { Partitioners, type PartitionMetadata } from 'kafkajs';

/**
 * The partition the producers' partitioner (KafkaJS's default, murmur2 like Java's) puts a key on:
 * every event of an order is keyed by orderId, so one partition per topic holds all of them.
 */
export const partitionOfKey = (topic: string, partitionMetadata: PartitionMetadata[], key: string): number =>
  Partitioners.DefaultPartitioner()({ topic, partitionMetadata, message: { key, value: null } });
