import type { ConnectionSettings } from '@orderflow/config';
import { parseConnectionSettings } from '@orderflow/config';
import { OrderflowError } from '@orderflow/errors';
import { Network } from 'testcontainers';

import { CONTAINER_IMAGES } from './container-images';
import { startKafkaConnectContainer } from './kafka-connect-container';
import { KAFKA_CONNECT_PORT } from './kafka-connect-container-config';
import { startKafkaContainer } from './kafka-container';
import { startPostgresContainer } from './postgres-container';
import {
  POSTGRES_CONTAINER,
  POSTGRES_WORKER_ADDRESS,
  postgresContainerUrl,
} from './postgres-container-config';
import { startRabbitmqContainer } from './rabbitmq-container';
import { RABBITMQ_CONTAINER, rabbitmqContainerUrl } from './rabbitmq-container-config';
import { REDIS_PORT, startRedisContainer } from './redis-container';
import { SCHEMA_REGISTRY_PORT, startSchemaRegistryContainer } from './schema-registry-container';

export interface ContainerStack {
  settings: ConnectionSettings;
  amqpUrl: string;
  databaseUrl: string;
  connectUrl: string;
  /** Where the Connect container reaches PostgreSQL (its network alias), not the host's published port. */
  connectDatabaseAddress: string;
  /** Stops every container and the network, even when some fail to stop. */
  stop(): Promise<void>;
}

const STACK_IMAGES = [
  CONTAINER_IMAGES.kafka,
  CONTAINER_IMAGES.schemaRegistry,
  CONTAINER_IMAGES.redis,
  CONTAINER_IMAGES.rabbitmq,
  CONTAINER_IMAGES.postgres,
  CONTAINER_IMAGES.kafkaConnect,
];

interface Running {
  name: string;
  stop: () => Promise<unknown>;
}

/**
 * Coordinator: starts Kafka (KRaft), Confluent Schema Registry, Redis, RabbitMQ, PostgreSQL and Kafka Connect
 * (Debezium) in Docker, the images of docker-compose.kafka.yml, on random host ports. The registry and the
 * Connect worker share a network with Kafka and PostgreSQL and reach them by their network aliases. Call
 * only when isDockerAvailable() said yes.
 *
 * Not run on the machines without Docker where the rest of the suite runs (those use the embedded stack):
 * the PostgreSQL, RabbitMQ and Connect containers were written against the compose file and the images'
 * documentation, and only their configuration is unit-tested.
 */
export const startContainerStack = async (): Promise<ContainerStack> => {
  const running: Running[] = [];
  let step = 'network';
  try {
    const network = await new Network().start();
    running.push({ name: 'network', stop: () => network.stop() });

    step = 'kafka';
    const kafka = await startKafkaContainer({ network });
    running.push({ name: 'kafka', stop: () => kafka.container.stop() });

    step = 'schema-registry';
    const registry = await startSchemaRegistryContainer({
      network,
      kafkaBootstrapServer: kafka.internalBootstrapServer,
    });
    running.push({ name: 'schema-registry', stop: () => registry.stop() });

    step = 'redis';
    const redis = await startRedisContainer();
    running.push({ name: 'redis', stop: () => redis.stop() });

    step = 'rabbitmq';
    const rabbitmq = await startRabbitmqContainer();
    running.push({ name: 'rabbitmq', stop: () => rabbitmq.stop() });

    step = 'postgres';
    const postgres = await startPostgresContainer(network);
    running.push({ name: 'postgres', stop: () => postgres.stop() });

    step = 'kafka-connect';
    const connect = await startKafkaConnectContainer({
      network,
      kafkaBootstrapServer: kafka.internalBootstrapServer,
    });
    running.push({ name: 'kafka-connect', stop: () => connect.stop() });

    step = 'connection settings';
    const settings = parseConnectionSettings(
      {
        KAFKA_BROKERS: kafka.bootstrapServer,
        SCHEMA_REGISTRY_URL: `http://${registry.getHost()}:${registry.getMappedPort(SCHEMA_REGISTRY_PORT)}`,
        REDIS_URL: `redis://${redis.getHost()}:${redis.getMappedPort(REDIS_PORT)}`,
      },
      'the testcontainers stack',
    );
    return {
      settings,
      amqpUrl: rabbitmqContainerUrl(rabbitmq.getHost(), rabbitmq.getMappedPort(RABBITMQ_CONTAINER.amqpPort)),
      databaseUrl: postgresContainerUrl(postgres.getHost(), postgres.getMappedPort(POSTGRES_CONTAINER.port)),
      connectUrl: `http://${connect.getHost()}:${connect.getMappedPort(KAFKA_CONNECT_PORT)}`,
      connectDatabaseAddress: POSTGRES_WORKER_ADDRESS,
      stop: () => stopAll(running),
    };
  } catch (error) {
    const cleanupFailures = await stopEach(running);
    throw new OrderflowError(
      'STACK_START_FAILED',
      `The testcontainers stack failed while starting ${step}: ${messageOf(error)}. ` +
        `Check that the Docker engine answers (\`docker info\`) and can pull ${STACK_IMAGES.join(', ')}.`,
      { cause: error, context: { step, cleanupFailures } },
    );
  }
};

/** Stops in reverse start order (Connect before Kafka and PostgreSQL, the network last); returns what failed. */
const stopEach = async (running: Running[]): Promise<string[]> => {
  const failures: string[] = [];
  for (const { name, stop } of [...running].reverse()) {
    try {
      await stop();
    } catch (error) {
      failures.push(`${name}: ${messageOf(error)}`);
    }
  }
  return failures;
};

const stopAll = async (running: Running[]): Promise<void> => {
  const failures = await stopEach(running);
  if (failures.length > 0) {
    throw new OrderflowError(
      'STACK_STOP_FAILED',
      `Some test containers did not stop (${failures.join('; ')}). ` +
        'The testcontainers reaper removes them when this process exits; `docker ps` shows what is left.',
      { context: { failures } },
    );
  }
};

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
