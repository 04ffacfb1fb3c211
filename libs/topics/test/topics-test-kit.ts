import { TOPIC_CONFIG_RESOURCE, TOPIC_CONFIG_SOURCE, type KafkaAdmin } from '@orderflow/kafka';

export interface TopicOnBroker {
  partitions: number;
  replicationFactor: number;
  /** Configs set on the topic itself (source TOPIC_CONFIG). */
  topicConfigs: Record<string, string>;
}

/** Reads a topic straight from the admin API, independently of the reader under test. */
export const describeOnBroker = async (admin: KafkaAdmin, name: string): Promise<TopicOnBroker> => {
  const [{ topics }, { resources }] = await Promise.all([
    admin.fetchTopicMetadata({ topics: [name] }),
    admin.describeConfigs({ includeSynonyms: false, resources: [{ type: TOPIC_CONFIG_RESOURCE, name }] }),
  ]);
  const partitions = topics[0]?.partitions ?? [];
  const entries = resources[0]?.configEntries ?? [];
  return {
    partitions: partitions.length,
    replicationFactor: partitions[0]?.replicas.length ?? 0,
    topicConfigs: Object.fromEntries(
      entries
        .filter((entry) => entry.configSource === TOPIC_CONFIG_SOURCE)
        .map((entry) => [entry.configName, entry.configValue]),
    ),
  };
};
