import type { StartedTestContainer } from 'testcontainers';
import { GenericContainer, Wait } from 'testcontainers';

import { CONTAINER_IMAGES } from './container-images';
import { RABBITMQ_CONTAINER } from './rabbitmq-container-config';

export const startRabbitmqContainer = (): Promise<StartedTestContainer> =>
  new GenericContainer(CONTAINER_IMAGES.rabbitmq)
    .withExposedPorts(RABBITMQ_CONTAINER.amqpPort)
    .withEnvironment(RABBITMQ_CONTAINER.environment)
    .withWaitStrategy(Wait.forLogMessage('Server startup complete'))
    .withStartupTimeout(120_000)
    .start();
