import type { ConnectionSettings } from '@orderflow/config';
import { parseConnectionSettings } from '@orderflow/config';
import { OrderflowError } from '@orderflow/errors';
import { Network } from 'testcontainers';

import { CONTAINER_IMAGES } from './container-images';
import { startKafkaContainer } from './kafka-container';
import { REDIS_PORT, startRedisContainer } from './redis-container';
import { SCHEMA_REGISTRY_PORT, startSchemaRegistryContainer } from './schema-registry-container';

export interface ContainerStack {
  settings: ConnectionSettings;
  /** Stops every container and the network, even when some fail to stop. */
  stop(): Promise<void>;
}

const STACK_IMAGES = [CONTAINER_IMAGES.kafka, CONTAINER_IMAGES.schemaRegistry, CONTAINER_IMAGES.redis];

interface Running {
  name: string;
  stop: () => Promise<unknown>;
}

/**
 * Coordinator: starts Kafka (KRaft), Confluent Schema Registry and Redis in Docker, the images of
 * docker-compose.kafka.yml, on random host ports. The registry shares a network with Kafka and reaches it
 * through Kafka's in-network listener. Call only when isDockerAvailable() said yes.
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

    step = 'connection settings';
    const settings = parseConnectionSettings(
      {
        KAFKA_BROKERS: kafka.bootstrapServer,
        SCHEMA_REGISTRY_URL: `http://${registry.getHost()}:${registry.getMappedPort(SCHEMA_REGISTRY_PORT)}`,
        REDIS_URL: `redis://${redis.getHost()}:${redis.getMappedPort(REDIS_PORT)}`,
      },
      'the testcontainers stack',
    );
    return { settings, stop: () => stopAll(running) };
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

/** Stops in reverse start order (the registry before Kafka, the network last); returns what failed. */
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
