import type { TopicPartitionOffset } from './kafka-types';

/** A partition as topic metadata describes it: its leader is -1 while it has none. */
export interface PartitionMetadata {
  partitionId: number;
  leader: number;
  replicas: number[];
  isr: number[];
  partitionErrorCode: number;
  offlineReplicas?: number[];
}

/** One config of a resource: `configSource` says where its value comes from (see TOPIC_CONFIG_SOURCE). */
export interface ConfigEntry {
  configName: string;
  configValue: string;
  configSource: number;
  isDefault: boolean;
  isSensitive: boolean;
  readOnly: boolean;
}

/** A resource whose configs are described or altered; `type` is TOPIC_CONFIG_RESOURCE for a topic. */
export interface ConfigResource {
  type: number;
  name: string;
}

export interface NewTopic {
  topic: string;
  numPartitions: number;
  replicationFactor: number;
  configEntries: { name: string; value: string }[];
}

/** A partition's bounds: `low` is its first offset, `high` the next one to be written (`offset` too). */
export interface PartitionOffsets {
  partition: number;
  offset: string;
  high: string;
  low: string;
}

export interface GroupListing {
  groupId: string;
  /** 'consumer' for consumer groups; empty for a group that has committed offsets but never had members. */
  protocolType: string;
}

export interface GroupMember {
  memberId: string;
  clientId: string;
  clientHost: string;
  /** The member's subscription, encoded (`memberTopics` reads its topics). */
  memberMetadata: Buffer;
  memberAssignment: Buffer;
}

export interface GroupDescription {
  groupId: string;
  state: string;
  protocolType: string;
  protocol: string;
  members: GroupMember[];
}

/** A group's committed offsets of one topic; '-1' for a partition it never committed. */
export interface TopicCommittedOffsets {
  topic: string;
  partitions: { partition: number; offset: string; metadata: string | null }[];
}

/**
 * The admin calls orderflow's code outside libs/kafka makes, and nothing more: a second client library has
 * to offer these (Confluent's KafkaJS-compatible admin lacks createPartitions, describeConfigs,
 * alterConfigs and setOffsets; the health probe inside libs/kafka also needs describeCluster).
 */
export interface KafkaAdmin {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  listTopics(): Promise<string[]>;
  /** False when a topic already existed. `waitForLeaders: false` returns before partitions have leaders. */
  createTopics(request: { topics: NewTopic[]; waitForLeaders?: boolean }): Promise<boolean>;
  createPartitions(request: { topicPartitions: { topic: string; count: number }[] }): Promise<boolean>;
  fetchTopicMetadata(request: {
    topics: string[];
  }): Promise<{ topics: { name: string; partitions: PartitionMetadata[] }[] }>;
  describeConfigs(request: {
    resources: ConfigResource[];
    includeSynonyms: boolean;
  }): Promise<{ resources: { resourceType: number; resourceName: string; configEntries: ConfigEntry[] }[] }>;
  /** Replaces the resource's whole set of dynamic configs (not incremental). */
  alterConfigs(request: {
    resources: (ConfigResource & { configEntries: { name: string; value: string }[] })[];
    validateOnly: boolean;
  }): Promise<unknown>;
  fetchTopicOffsets(topic: string): Promise<PartitionOffsets[]>;
  /** Per partition, the first offset at or after `timestamp` (epoch ms); the high watermark past the end. */
  fetchTopicOffsetsByTimestamp(
    topic: string,
    timestamp: number,
  ): Promise<Omit<TopicPartitionOffset, 'topic'>[]>;
  listGroups(): Promise<{ groups: GroupListing[] }>;
  describeGroups(groupIds: string[]): Promise<{ groups: GroupDescription[] }>;
  deleteGroups(groupIds: string[]): Promise<unknown>;
  /** Every topic the group committed to when `topics` is left out. */
  fetchOffsets(request: { groupId: string; topics?: string[] }): Promise<TopicCommittedOffsets[]>;
  /** Fails while the group has live members. */
  setOffsets(request: {
    groupId: string;
    topic: string;
    partitions: Omit<TopicPartitionOffset, 'topic'>[];
  }): Promise<void>;
}

/** What tests also do to the broker: delete their topics, rewind a group. */
export interface KafkaTestAdmin extends KafkaAdmin {
  deleteTopics(request: { topics: string[] }): Promise<void>;
  resetOffsets(request: { groupId: string; topic: string; earliest: boolean }): Promise<void>;
}
