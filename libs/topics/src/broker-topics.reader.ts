import { TOPIC_CONFIG_RESOURCE, TOPIC_CONFIG_SOURCE, type KafkaAdmin } from '@orderflow/kafka';

import type { ActualTopic, BrokerState } from './topic-spec.types';

export interface ReadBrokerTopicsOptions {
  admin: KafkaAdmin;
  /** Topics to describe in detail (the desired ones); others are only listed by name. */
  names: readonly string[];
}

/**
 * The broker's side of the plan. Only configs whose source is TOPIC_CONFIG count as set: values that
 * come from broker defaults or static/dynamic broker configs are not this topic's to manage.
 */
export const readBrokerTopics = async ({ admin, names }: ReadBrokerTopicsOptions): Promise<BrokerState> => {
  const topicNames = await admin.listTopics();
  const onBroker = new Set(topicNames);
  const existing = names.filter((name) => onBroker.has(name));
  if (existing.length === 0) return { topics: [], topicNames };

  // Both calls fail for a topic that does not exist, hence the filtering above.
  const [{ topics: metadata }, { resources }] = await Promise.all([
    admin.fetchTopicMetadata({ topics: existing }),
    admin.describeConfigs({
      includeSynonyms: false,
      resources: existing.map((name) => ({ type: TOPIC_CONFIG_RESOURCE, name })),
    }),
  ]);
  const configsByTopic = new Map(
    resources.map((resource) => [
      resource.resourceName,
      Object.fromEntries(
        resource.configEntries
          .filter((entry) => entry.configSource === TOPIC_CONFIG_SOURCE)
          .map((entry) => [entry.configName, entry.configValue]),
      ),
    ]),
  );
  const topics = metadata.map((topic): ActualTopic => ({
    name: topic.name,
    partitions: topic.partitions.length,
    // Mid-reassignment, replica lists differ per partition; the largest makes the plan refuse to touch it.
    replicationFactor: Math.max(0, ...topic.partitions.map((partition) => partition.replicas.length)),
    configs: configsByTopic.get(topic.name) ?? {},
  }));
  return { topics, topicNames };
};
