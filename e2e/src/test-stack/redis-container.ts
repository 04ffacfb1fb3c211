import type { StartedTestContainer } from 'testcontainers';
import { GenericContainer, Wait } from 'testcontainers';

import { CONTAINER_IMAGES } from './container-images';

export const REDIS_PORT = 6379;

export const startRedisContainer = (): Promise<StartedTestContainer> =>
  new GenericContainer(CONTAINER_IMAGES.redis)
    .withExposedPorts(REDIS_PORT)
    .withWaitStrategy(Wait.forLogMessage('Ready to accept connections'))
    .start();
