import { POSTGRES_REPLICATION_SETTINGS } from '@orderflow/stack';

/**
 * How the testcontainers PostgreSQL is configured: as docker-compose.kafka.yml's (test/docker-compose.spec.ts
 * compares them), with the embedded stack's logical-replication settings for the outbox relay's slots.
 */
export const POSTGRES_CONTAINER = {
  port: 5432,
  /** Connect on the stack's network reaches it as postgres:5432. */
  networkAlias: 'postgres',
  environment: { POSTGRES_USER: 'orderflow', POSTGRES_PASSWORD: 'orderflow', POSTGRES_DB: 'orderflow' },
} as const;

export const postgresContainerCommand = (): string[] => [
  'postgres',
  ...Object.entries(POSTGRES_REPLICATION_SETTINGS).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
];

/** DATABASE_URL for processes on the host: the published port of the container. */
export const postgresContainerUrl = (host: string, hostPort: number): string => {
  const { POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB } = POSTGRES_CONTAINER.environment;
  return `postgres://${POSTGRES_USER}:${POSTGRES_PASSWORD}@${host}:${hostPort}/${POSTGRES_DB}`;
};

/** Where the Connect container reaches the same server (ORDERFLOW_CONNECT_DATABASE_ADDRESS). */
export const POSTGRES_WORKER_ADDRESS = `${POSTGRES_CONTAINER.networkAlias}:${POSTGRES_CONTAINER.port}`;
