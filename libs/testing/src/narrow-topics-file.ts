import { OrderflowError } from '@orderflow/errors';
import { parseRetryDelay, type TopicsFile } from '@orderflow/topics';

export interface NarrowTopicsOptions {
  /** The one group a test runs, as topics.yaml declares it. */
  group: string;
  /** Partitions of every topic and retry tier (DLQs keep topics.yaml's). */
  partitions: number;
  /** Retry delays replacing the group's, e.g. ['500ms'], so a failure path takes seconds. */
  retry?: readonly string[];
}

/**
 * topics.yaml cut down to one group: the topics it consumes and the ones its service owns, with topics.yaml's
 * keys and configs, fewer partitions and optionally shorter retry tiers. A test built on it cannot drift from
 * the real subscriptions, which the boot checks against the service's handlers.
 */
export const narrowTopicsFile = (file: TopicsFile, options: NarrowTopicsOptions): TopicsFile => {
  const group = file.groups[options.group];
  if (group === undefined) {
    throw new OrderflowError('CONFIG_INVALID', `topics.yaml declares no group ${options.group}.`, {
      context: { group: options.group },
    });
  }
  const retry =
    options.retry?.map((label) => {
      const delay = parseRetryDelay(label);
      if (delay === undefined) {
        throw new OrderflowError('CONFIG_INVALID', `${label} is not a retry delay; write e.g. 500ms or 10s.`);
      }
      return delay;
    }) ?? group.retry;
  const topics = Object.fromEntries(
    Object.entries(file.topics)
      .filter(([, topic]) => topic.consumers.includes(options.group) || topic.owner === group.service)
      .map(([name, { partitions: _partitions, ...topic }]) => [
        name,
        { ...topic, consumers: topic.consumers.filter((consumer) => consumer === options.group) },
      ]),
  );
  return {
    defaults: { ...file.defaults, partitions: options.partitions },
    environments: Object.fromEntries(
      Object.entries(file.environments).map(([name, environment]) => [name, { ...environment, topics: {} }]),
    ),
    derived: { ...file.derived, retry: { ...file.derived.retry, partitions: options.partitions } },
    groups: { [options.group]: { ...group, retry } },
    topics,
  };
};
