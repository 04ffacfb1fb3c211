import { dlqTopicName, retryTopicName } from './derived-topic.naming';
import type { TopicKind } from './topic-spec.types';
import type { TopicsFile } from './topics-file.schema';

/** A topic of the file before an environment and a prefix are applied. */
export interface FileTopic {
  name: string;
  kind: TopicKind;
  /** Undefined: the file's default partitions. */
  partitions: number | undefined;
  /** The topic's own configs (declared, or from `derived`), without defaults or environment. */
  configs: Readonly<Record<string, string>>;
  /** Where it is declared, for error messages. */
  path: string;
}

/** Every topic the file implies: declared event topics, then each group's retry tiers and DLQ. */
export const fileTopics = (file: TopicsFile): FileTopic[] => [
  ...Object.entries(file.topics).map(([name, topic]): FileTopic => ({
    name,
    kind: 'event',
    partitions: topic.partitions,
    configs: topic.configs,
    path: `topics.${name}`,
  })),
  ...Object.entries(file.groups).flatMap(([group, { retry }]): FileTopic[] => [
    ...retry.map((delay, index): FileTopic => ({
      name: retryTopicName(group, delay.label),
      kind: 'retry',
      partitions: file.derived.retry.partitions,
      configs: file.derived.retry.configs,
      path: `groups.${group}.retry.${index}`,
    })),
    {
      name: dlqTopicName(group),
      kind: 'dlq',
      partitions: file.derived.dlq.partitions,
      configs: file.derived.dlq.configs,
      path: `groups.${group}`,
    },
  ]),
];
