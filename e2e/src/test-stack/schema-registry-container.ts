import type { StartedNetwork, StartedTestContainer } from 'testcontainers';
import { GenericContainer, Wait } from 'testcontainers';

import { CONTAINER_IMAGES } from './container-images';

export interface SchemaRegistryContainerOptions {
  network: StartedNetwork;
  /** Kafka's in-network listener (alias:port): the registry runs in Docker, not on the host. */
  kafkaBootstrapServer: string;
  startupTimeoutMs?: number;
}

export const SCHEMA_REGISTRY_PORT = 8081;

/** Confluent Schema Registry, ready once GET /subjects answers (it has then read its _schemas topic). */
export const startSchemaRegistryContainer = ({
  network,
  kafkaBootstrapServer,
  startupTimeoutMs = 120_000,
}: SchemaRegistryContainerOptions): Promise<StartedTestContainer> =>
  new GenericContainer(CONTAINER_IMAGES.schemaRegistry)
    .withNetwork(network)
    .withNetworkAliases('schema-registry')
    .withExposedPorts(SCHEMA_REGISTRY_PORT)
    .withEnvironment({
      SCHEMA_REGISTRY_HOST_NAME: 'schema-registry',
      SCHEMA_REGISTRY_LISTENERS: `http://0.0.0.0:${SCHEMA_REGISTRY_PORT}`,
      SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS: `PLAINTEXT://${kafkaBootstrapServer}`,
      SCHEMA_REGISTRY_KAFKASTORE_TOPIC_REPLICATION_FACTOR: '1',
    })
    .withWaitStrategy(Wait.forHttp('/subjects', SCHEMA_REGISTRY_PORT).forStatusCode(200))
    .withStartupTimeout(startupTimeoutMs)
    .start();
