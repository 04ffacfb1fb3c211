import { dlqTopicName, retryTopicName } from './derived-topic.naming';
import type { GROUP_ORDERINGS, TopicsFile } from './topics-file.schema';

export interface RetryTier {
  /** The delay as written in topics.yaml, e.g. `10s`. */
  delayLabel: string;
  delayMs: number;
  topic: string;
}

/** What a consumer group reads and where its failures go, prefix applied. */
export interface ConsumerGroupModel {
  name: string;
  /** The service that runs the group, e.g. consumers/payment. */
  service: string;
  /** Declared topics the group consumes, in file order. */
  topics: string[];
  /** Tiers in order of growing delay; empty means failures go straight to the DLQ. */
  retryTiers: RetryTier[];
  dlqTopic: string;
  /**
   * `per-key`: while a record of a key waits in a retry tier, the key's later records wait behind it (see
   * libs/service-runtime hold-back); `none`: they are handled at once and may overtake it.
   */
  ordering: (typeof GROUP_ORDERINGS)[number];
}

export interface ConsumerGroupsOptions {
  file: TopicsFile;
  topicPrefix?: string;
}

export const consumerGroups = ({ file, topicPrefix = '' }: ConsumerGroupsOptions): ConsumerGroupModel[] =>
  Object.entries(file.groups).map(([name, group]) => ({
    name,
    service: group.service,
    topics: Object.entries(file.topics)
      .filter(([, topic]) => topic.consumers.includes(name))
      .map(([topic]) => `${topicPrefix}${topic}`),
    retryTiers: group.retry.map((delay) => ({
      delayLabel: delay.label,
      delayMs: delay.ms,
      topic: `${topicPrefix}${retryTopicName(name, delay.label)}`,
    })),
    dlqTopic: `${topicPrefix}${dlqTopicName(name)}`,
    ordering: group.ordering,
  }));

/** The model for one group, or undefined when topics.yaml does not declare it. */
export const consumerGroup = (
  options: ConsumerGroupsOptions & { name: string },
): ConsumerGroupModel | undefined => consumerGroups(options).find((group) => group.name === options.name);
