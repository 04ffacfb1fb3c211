import { ConfigResourceTypes, ConfigSource } from 'kafkajs';

import type { TopicsAdmin } from '@orderflow/topics';

export interface TopicOnBroker {
  partitions: number;
  replicationFactor: number;
  /** Configs set on the topic itself (source TOPIC_CONFIG). */
  topicConfigs: Record<string, string>;
}

/** Reads a topic straight from the admin API, independently of the reader under test. */
export const describeOnBroker = async (admin: TopicsAdmin, name: string): Promise<TopicOnBroker> => {
  const [{ topics }, { resources }] = await Promise.all([
    admin.fetchTopicMetadata({ topics: [name] }),
    admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name }] }),
  ]);
  const partitions = topics[0]?.partitions ?? [];
  const entries = resources[0]?.configEntries ?? [];
  return {
    partitions: partitions.length,
    replicationFactor: partitions[0]?.replicas.length ?? 0,
    topicConfigs: Object.fromEntries(
      entries
        .filter((entry) => entry.configSource === ConfigSource.TOPIC_CONFIG)
        .map((entry) => [entry.configName, entry.configValue]),
    ),
  };
};
