import type { StartedNetwork, StartedTestContainer } from 'testcontainers';
import { GenericContainer, Wait } from 'testcontainers';

import { CONTAINER_IMAGES } from './container-images';
import { POSTGRES_CONTAINER, postgresContainerCommand } from './postgres-container-config';

/**
 * PostgreSQL with logical WAL. The image's entrypoint starts the server once to create the database and
 * then again for good: ready at the second "ready to accept connections".
 */
export const startPostgresContainer = (network: StartedNetwork): Promise<StartedTestContainer> =>
  new GenericContainer(CONTAINER_IMAGES.postgres)
    .withNetwork(network)
    .withNetworkAliases(POSTGRES_CONTAINER.networkAlias)
    .withExposedPorts(POSTGRES_CONTAINER.port)
    .withEnvironment(POSTGRES_CONTAINER.environment)
    .withCommand(postgresContainerCommand())
    .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
    .start();
