import { OrderflowError } from '@orderflow/errors';

import { fileTopics } from './file-topics.layout';
import type { TopicSpec } from './topic-spec.types';
import type { TopicsFile } from './topics-file.schema';

export const DEFAULT_ENVIRONMENT = 'local';

// Kafka rejects longer topic names; checked here because only the prefix can push a valid file over it.
const MAX_TOPIC_NAME_LENGTH = 249;

export interface ResolveTopicSpecsOptions {
  file: TopicsFile;
  environment?: string;
  /** Prepended to every topic name; tests use a unique one each so they can run in parallel. */
  topicPrefix?: string;
}

/**
 * The flat list of topics an environment should have, derived retry/DLQ topics included. Later wins:
 * defaults → the topic (or `derived`) → the environment → the environment's override for that topic.
 */
export const resolveTopicSpecs = ({
  file,
  environment = DEFAULT_ENVIRONMENT,
  topicPrefix = '',
}: ResolveTopicSpecsOptions): TopicSpec[] => {
  const env = file.environments[environment];
  if (env === undefined) {
    const known = Object.keys(file.environments).join(', ');
    throw new OrderflowError(
      'CONFIG_INVALID',
      `Unknown environment "${environment}"; topics.yaml declares: ${known}.`,
      {
        context: { environment, known },
      },
    );
  }
  return fileTopics(file).map((topic) => {
    const override = env.topics[topic.name];
    const name = `${topicPrefix}${topic.name}`;
    if (!/^[a-zA-Z0-9._-]*$/.test(topicPrefix) || name.length > MAX_TOPIC_NAME_LENGTH) {
      throw new OrderflowError(
        'CONFIG_INVALID',
        `Topic prefix "${topicPrefix}" makes an invalid topic name "${name}": use letters, digits, ".", "_", "-" and keep names within ${MAX_TOPIC_NAME_LENGTH} characters.`,
        { context: { topicPrefix, topic: name } },
      );
    }
    return {
      name,
      kind: topic.kind,
      partitions: override?.partitions ?? topic.partitions ?? file.defaults.partitions,
      replicationFactor: env.replicationFactor,
      configs: { ...file.defaults.configs, ...topic.configs, ...env.configs, ...override?.configs },
    };
  });
};
