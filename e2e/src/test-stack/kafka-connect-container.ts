import type { StartedNetwork, StartedTestContainer } from 'testcontainers';
import { GenericContainer, Wait } from 'testcontainers';

import { CONTAINER_IMAGES } from './container-images';
import { KAFKA_CONNECT_PORT, kafkaConnectContainerEnvironment } from './kafka-connect-container-config';

export interface KafkaConnectContainerOptions {
  network: StartedNetwork;
  /** Kafka's in-network listener (alias:port): the worker runs in Docker, not on the host. */
  kafkaBootstrapServer: string;
  startupTimeoutMs?: number;
}

/**
 * Kafka Connect with Debezium's plugins, ready once its REST root answers (it has then joined its group and
 * read its internal topics). Connectors it runs reach PostgreSQL on the stack's network.
 */
export const startKafkaConnectContainer = ({
  network,
  kafkaBootstrapServer,
  startupTimeoutMs = 180_000,
}: KafkaConnectContainerOptions): Promise<StartedTestContainer> =>
  new GenericContainer(CONTAINER_IMAGES.kafkaConnect)
    .withNetwork(network)
    .withNetworkAliases('kafka-connect')
    .withExposedPorts(KAFKA_CONNECT_PORT)
    .withEnvironment(kafkaConnectContainerEnvironment(kafkaBootstrapServer))
    .withWaitStrategy(Wait.forHttp('/', KAFKA_CONNECT_PORT).forStatusCode(200))
    .withStartupTimeout(startupTimeoutMs)
    .start();
