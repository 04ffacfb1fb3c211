import { consumerGroups } from './consumer-groups.model';
import { fileTopics } from './file-topics.layout';
import { DEFAULT_ENVIRONMENT, resolveTopicSpecs } from './topic-specs.resolver';
import type { TopicsFileProblem } from './topics-file.errors';
import type { TopicsFile } from './topics-file.schema';

// What Kafka uses when a topic does not set retention.ms (log.retention.hours=168).
const BROKER_DEFAULT_RETENTION_MS = 604_800_000;

const referenceProblems = (file: TopicsFile): TopicsFileProblem[] => {
  const problems: TopicsFileProblem[] = [];
  for (const [name, topic] of Object.entries(file.topics)) {
    topic.consumers.forEach((group, index) => {
      const path = `topics.${name}.consumers.${index}`;
      if (file.groups[group] === undefined)
        problems.push({ path, message: `group "${group}" is not declared under groups` });
      if (topic.consumers.indexOf(group) !== index)
        problems.push({ path, message: `group "${group}" is listed twice` });
    });
  }
  for (const [group, { retry }] of Object.entries(file.groups)) {
    if (!Object.values(file.topics).some((topic) => topic.consumers.includes(group))) {
      problems.push({
        path: `groups.${group}`,
        message: "consumes no topic: add it to a topic's consumers or remove it",
      });
    }
    retry.forEach((delay, index) => {
      const previous = retry[index - 1];
      if (previous !== undefined && delay.ms <= previous.ms) {
        problems.push({
          path: `groups.${group}.retry.${index}`,
          message: `retry delays must grow: ${delay.label} comes after ${previous.label}`,
        });
      }
    });
  }
  return problems;
};

const topicNameProblems = (file: TopicsFile): TopicsFileProblem[] => {
  const topics = fileTopics(file);
  const firstPath = new Map<string, string>();
  const problems: TopicsFileProblem[] = [];
  for (const topic of topics) {
    const earlier = firstPath.get(topic.name);
    if (earlier === undefined) firstPath.set(topic.name, topic.path);
    else problems.push({ path: topic.path, message: `topic ${topic.name} is also implied by ${earlier}` });
  }
  if (file.environments[DEFAULT_ENVIRONMENT] === undefined) {
    problems.push({
      path: 'environments',
      message: `expected a "${DEFAULT_ENVIRONMENT}" environment (the default)`,
    });
  }
  for (const [environment, { topics: overrides }] of Object.entries(file.environments)) {
    for (const name of Object.keys(overrides)) {
      if (!firstPath.has(name)) {
        problems.push({
          path: `environments.${environment}.topics.${name}`,
          message: 'not a topic of this file (declared under topics, or derived from groups)',
        });
      }
    }
  }
  return problems;
};

// Values that are valid on their own but break delivery in one environment.
const environmentProblems = (file: TopicsFile, environment: string): TopicsFileProblem[] => {
  const specs = new Map(resolveTopicSpecs({ file, environment }).map((spec) => [spec.name, spec]));
  const problems: TopicsFileProblem[] = [];
  for (const spec of specs.values()) {
    const minInsync = Number(spec.configs['min.insync.replicas'] ?? 1);
    if (minInsync > spec.replicationFactor) {
      problems.push({
        path: `environments.${environment}`,
        message: `${spec.name}: min.insync.replicas ${minInsync} exceeds the replication factor ${spec.replicationFactor}, so every acks=all write would fail`,
      });
    }
  }
  for (const group of consumerGroups({ file })) {
    group.retryTiers.forEach((tier, index) => {
      const retentionMs = Number(
        specs.get(tier.topic)?.configs['retention.ms'] ?? BROKER_DEFAULT_RETENTION_MS,
      );
      if (retentionMs >= 0 && retentionMs < tier.delayMs) {
        problems.push({
          path: `groups.${group.name}.retry.${index}`,
          message: `in environment ${environment}, ${tier.topic} keeps records ${retentionMs} ms (retention.ms) but they wait ${tier.delayMs} ms: raise retention.ms to at least the delay`,
        });
      }
    });
  }
  return problems;
};

/**
 * Everything zod cannot see: names that must refer to each other, and values that only go wrong once
 * resolved for an environment. Resolving needs valid references, so environments are checked last.
 */
export const topicsFileProblems = (file: TopicsFile): TopicsFileProblem[] => {
  const problems = [...referenceProblems(file), ...topicNameProblems(file)];
  if (problems.length > 0) return problems;
  return Object.keys(file.environments).flatMap((environment) => environmentProblems(file, environment));
};
