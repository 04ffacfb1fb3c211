import type { AvroSerde } from '@orderflow/registry';
import type { TopicsFile } from '@orderflow/topics';

import { provisionNamespace } from './provision-namespace';
import { createTestNamespace, type TestNamespace } from './test-namespace';

export interface ServiceInNamespaceOptions<S> {
  /** Names the namespace (see `createTestNamespace`). */
  label: string;
  /** The topics to create (a narrowed topics.yaml); the service subscribes to its group's. */
  topics: TopicsFile;
  schemaTopics: string[];
  /** The service's port variable, set to 0: the service takes a free port. */
  portVariable: string;
  /** Variables over process.env and the namespace's prefix: a proxied URL, a shorter deadline. LOG_LEVEL is fatal unless set. */
  env?: Record<string, string>;
  /** The test's own brokers instead of the shared ones (a private broker it stalls). */
  kafkaBrokers?: string[];
  /** Starts the service with the composed environment, once the namespace is provisioned. */
  start: (env: NodeJS.ProcessEnv) => Promise<S>;
}

export interface ServiceInNamespace<S> {
  namespace: TestNamespace;
  serde: AvroSerde;
  service: S;
  /** Closes the service, then deletes the namespace. */
  close: () => Promise<void>;
}

/**
 * A service started in a namespace of its own, for a test that puts a fault between it and a dependency:
 * topics created, schemas registered, the environment pointed at the namespace plus the test's overrides.
 */
export const startServiceInNamespace = async <S extends { close(): Promise<void> }>({
  label,
  topics,
  schemaTopics,
  portVariable,
  env = {},
  kafkaBrokers,
  start,
}: ServiceInNamespaceOptions<S>): Promise<ServiceInNamespace<S>> => {
  const namespace = createTestNamespace(label, kafkaBrokers === undefined ? {} : { kafkaBrokers });
  let serde: AvroSerde;
  let service: S;
  try {
    ({ serde } = await provisionNamespace(namespace, { topics, schemaTopics }));
    service = await start({
      ...process.env,
      ...(kafkaBrokers === undefined ? {} : { KAFKA_BROKERS: kafkaBrokers.join(',') }),
      [portVariable]: '0',
      ORDERFLOW_TOPIC_PREFIX: namespace.prefix,
      LOG_LEVEL: 'fatal',
      ...env,
    });
  } catch (error) {
    // The test never gets the namespace to clean up.
    await namespace.cleanup().catch(() => undefined);
    throw error;
  }
  return {
    namespace,
    serde,
    service,
    close: async () => {
      await service.close();
      await namespace.cleanup();
    },
  };
};
