import type { Admin } from 'kafkajs';

/**
 * The admin calls orderflow's production code makes, and nothing more: a second client library has to
 * offer these (Confluent's KafkaJS-compatible admin lacks createPartitions, describeConfigs,
 * alterConfigs, setOffsets and describeCluster).
 */
export type KafkaAdmin = Pick<
  Admin,
  | 'connect'
  | 'disconnect'
  | 'describeCluster'
  | 'listTopics'
  | 'createTopics'
  | 'createPartitions'
  | 'fetchTopicMetadata'
  | 'describeConfigs'
  | 'alterConfigs'
  | 'fetchTopicOffsets'
  | 'fetchTopicOffsetsByTimestamp'
  | 'listGroups'
  | 'describeGroups'
  | 'deleteGroups'
  | 'fetchOffsets'
  | 'setOffsets'
>;

/** What tests also do to the broker: delete their topics, rewind a group. */
export type KafkaTestAdmin = KafkaAdmin & Pick<Admin, 'deleteTopics' | 'resetOffsets'>;
