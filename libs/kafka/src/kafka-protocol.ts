import { AssignerProtocol, ConfigResourceTypes, ConfigSource, Partitioners } from 'kafkajs';

import type { PartitionMetadata } from './kafka-admin';

/** `describeConfigs`/`alterConfigs` resource type of a topic. */
export const TOPIC_CONFIG_RESOURCE: number = ConfigResourceTypes.TOPIC;

/** A config entry set on the topic itself, not inherited from the broker's defaults. */
export const TOPIC_CONFIG_SOURCE: number = ConfigSource.TOPIC_CONFIG;

/** The Java client's murmur2 partitioner, which every orderflow producer uses. */
export const defaultPartitioner = Partitioners.DefaultPartitioner;

/**
 * The partition the producers' partitioner (KafkaJS's default, murmur2 like Java's) puts a key on: every
 * event of an order is keyed by orderId, so one partition per topic holds all of them.
 */
export const partitionOfKey = (topic: string, partitionMetadata: PartitionMetadata[], key: string): number =>
  defaultPartitioner()({ topic, partitionMetadata, message: { key, value: null } });

/** The topics a consumer group member subscribes to, from its member metadata (`describeGroups`). */
export const memberTopics = (metadata: Buffer): string[] =>
  AssignerProtocol.MemberMetadata.decode(metadata)?.topics ?? [];
