import { loadSchemaCatalog } from '@orderflow/contracts';
import { createAvroSerde, createRegistryClient, registerSchemas, type AvroSerde } from '@orderflow/registry';
import {
  applyTopicPlan,
  loadTopicsFile,
  planTopics,
  readBrokerTopics,
  resolveTopicSpecs,
  type TopicsFile,
} from '@orderflow/topics';

import type { TestNamespace } from './test-namespace';

export interface ProvisionNamespaceOptions {
  /** The topics to create under the namespace's prefix (default: the checkout's topics.yaml). */
  topics?: TopicsFile;
  /** The topics whose schemas to register (default: every contract in schemas/). */
  schemaTopics?: string[];
  /** The topics.yaml environment (default `local`, one broker); `production` needs three brokers. */
  environment?: string;
}

/** Creates a topics declaration's topics (retry tiers and DLQs included) under the namespace's prefix. */
export const createNamespaceTopics = async (
  namespace: TestNamespace,
  topics: TopicsFile,
  environment?: string,
): Promise<void> => {
  const admin = await namespace.admin();
  const desired = resolveTopicSpecs({ file: topics, environment, topicPrefix: namespace.prefix });
  const actual = await readBrokerTopics({ admin, names: desired.map((spec) => spec.name) });
  await applyTopicPlan({ admin, plan: planTopics({ desired, actual, topicPrefix: namespace.prefix }) });
};

/** Registers schemas under the namespace's prefix; the serde encodes and decodes with them. */
export const registerNamespaceSchemas = async (
  namespace: TestNamespace,
  schemaTopics?: string[],
): Promise<{ serde: AvroSerde }> => {
  const client = createRegistryClient({ url: namespace.settings.schemaRegistryUrl });
  await registerSchemas({
    client,
    catalog: loadSchemaCatalog(),
    topicPrefix: namespace.prefix,
    topics: schemaTopics,
  });
  return { serde: createAvroSerde({ client, topicPrefix: namespace.prefix }) };
};

/** A namespace ready for services: its topics created and its schemas registered (cleanup removes both). */
export const provisionNamespace = async (
  namespace: TestNamespace,
  { topics = loadTopicsFile(), schemaTopics, environment }: ProvisionNamespaceOptions = {},
): Promise<{ serde: AvroSerde }> => {
  await createNamespaceTopics(namespace, topics, environment);
  return registerNamespaceSchemas(namespace, schemaTopics);
};
