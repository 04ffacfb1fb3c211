import type { KafkaAdmin, KafkaClient } from '@orderflow/kafka';
import { scanDlq, type DlqRecord } from '@orderflow/operations';
import { kafkaFor as namespaceKafka, type TestNamespace } from '@orderflow/testing';
import {
  applyTopicPlan,
  parseTopicsFile,
  planTopics,
  readBrokerTopics,
  resolveTopicSpecs,
  type TopicsFile,
} from '@orderflow/topics';

/**
 * One group reading a two-partition order.created, with one short retry tier and its one-partition DLQ (as in
 * topics.yaml). Written out: the probe group is the tools' subject, not a service topics.yaml declares.
 */
export const operationsTopicsFile = (): TopicsFile =>
  parseTopicsFile({
    source: 'operations test topics',
    text: `
defaults: { partitions: 2, configs: { cleanup.policy: delete } }
environments: { local: { replicationFactor: 1, configs: { min.insync.replicas: 1 } } }
derived: { retry: { configs: { retention.ms: 600000 } }, dlq: { partitions: 1 } }
groups: { probe: { service: consumers/probe, retry: [300ms] } }
topics:
  order.created: { owner: producers/order-api, key: orderId, consumers: [probe] }
`,
  });

/** Creates the file's topics (and any extra plain topics) under the namespace's prefix. */
export const createTopics = async (
  namespace: TestNamespace,
  topics: TopicsFile,
  extra: string[] = [],
): Promise<void> => {
  const admin = await namespace.admin();
  const desired = resolveTopicSpecs({ file: topics, topicPrefix: namespace.prefix });
  const actual = await readBrokerTopics({ admin, names: desired.map((spec) => spec.name) });
  await applyTopicPlan({ admin, plan: planTopics({ desired, actual, topicPrefix: namespace.prefix }) });
  await namespace.createTopics(extra.map((topic) => ({ topic, partitions: 2 })));
};

export const kafkaFor = (namespace: TestNamespace): KafkaClient =>
  namespaceKafka(namespace, 'orderflow-operations-test');

/** Committed offsets of a group on a topic, by partition ('-1' = none). */
export const committedOffsets = async (namespace: TestNamespace, groupId: string, topic: string) => {
  const [result] = await (await namespace.admin()).fetchOffsets({ groupId, topics: [topic] });
  return Object.fromEntries((result?.partitions ?? []).map(({ partition, offset }) => [partition, offset]));
};

export const headerText = (headers: Record<string, unknown> | undefined, name: string): string | undefined =>
  (headers?.[name] as Buffer | undefined)?.toString();

/** Every record of a small test DLQ, collected through the streaming reader. */
export const readWholeDlq = async (
  kafka: KafkaClient,
  admin: KafkaAdmin,
  topic: string,
): Promise<DlqRecord[]> => {
  const records: DlqRecord[] = [];
  await scanDlq({
    kafka,
    admin,
    topic,
    onPage: (page) => {
      records.push(...page);
      return Promise.resolve();
    },
  });
  return records;
};
