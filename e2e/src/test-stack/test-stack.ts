import { CONNECTION_ENV_KEYS, parseConnectionSettings, type ConnectionSettings } from '@orderflow/config';
import { createEmbeddedStack } from '@orderflow/stack';

import { startContainerStack } from './container-stack';
import { isDockerAvailable } from './docker-availability';
import { registerStackUser } from './stack-users';

export interface TestStack {
  settings: ConnectionSettings;
  /** RabbitMQ for the work queues: AMQP_URL, else the containers' or the embedded stack's node. */
  amqpUrl: string | undefined;
  /** The payment ledger's PostgreSQL: DATABASE_URL, else the containers' or the embedded stack's. */
  databaseUrl: string | undefined;
  /** The Kafka Connect worker the outbox relays of tests run on: KAFKA_CONNECT_URL, else the stack's. */
  connectUrl: string | undefined;
  /**
   * host:port the Connect worker reaches databaseUrl's server at, when that is not the URL's own address: a
   * worker in Docker reaches the testcontainers PostgreSQL by its network alias.
   */
  connectDatabaseAddress?: string | undefined;
  /** Where the servers came from, printed once so a reader of CI logs knows what was tested. */
  mode: 'environment' | 'testcontainers' | 'embedded';
  /** Stops what this test run started; a stack it found running stays up. */
  stop(): Promise<void>;
}

const log = (line: string): void => console.log(`[test-stack] ${line}`);

/** The servers only the environment can name when the Kafka trio comes from it or from containers. */
const optionalServers = (
  env: Record<string, string | undefined>,
): Pick<TestStack, 'amqpUrl' | 'databaseUrl' | 'connectUrl'> => ({
  amqpUrl: env.AMQP_URL || undefined,
  databaseUrl: env.DATABASE_URL || undefined,
  connectUrl: env.KAFKA_CONNECT_URL || undefined,
});

/**
 * The servers integration tests run against: explicit environment variables win; else testcontainers
 * when a Docker engine answers; else the embedded stack, started on demand and stopped afterwards only
 * by the run that started it, and only when no other test run still uses it (`npm run stack:up` first
 * keeps it warm across runs).
 */
export const acquireTestStack = async (
  env: Record<string, string | undefined> = process.env,
): Promise<TestStack> => {
  if (CONNECTION_ENV_KEYS.some((key) => env[key])) {
    return {
      mode: 'environment',
      settings: parseConnectionSettings(env, 'the environment'),
      ...optionalServers(env),
      stop: () => Promise.resolve(),
    };
  }
  if (await isDockerAvailable()) {
    const containers = await startContainerStack();
    const given = optionalServers(env);
    return {
      mode: 'testcontainers',
      settings: containers.settings,
      amqpUrl: given.amqpUrl ?? containers.amqpUrl,
      databaseUrl: given.databaseUrl ?? containers.databaseUrl,
      connectUrl: given.connectUrl ?? containers.connectUrl,
      // A worker or database named by the environment is reached as the environment says.
      connectDatabaseAddress:
        given.connectUrl === undefined && given.databaseUrl === undefined
          ? containers.connectDatabaseAddress
          : undefined,
      stop: () => containers.stop(),
    };
  }
  const embedded = createEmbeddedStack();
  const user = registerStackUser(embedded.settings.runDir);
  const { connection, amqpUrl, started } = await embedded.up(log);
  return {
    mode: 'embedded',
    settings: connection,
    amqpUrl,
    databaseUrl: embedded.databaseUrl,
    connectUrl: embedded.connectUrl,
    stop: async () => {
      const othersUseIt = user.release();
      if (started.length > 0 && !othersUseIt && env.ORDERFLOW_KEEP_STACK !== '1') await embedded.down(log);
    },
  };
};

/** Every variable exportToEnvironment may set: what a process must drop to start servers of its own. */
export const EXPORTED_ENV_KEYS: readonly string[] = [
  ...CONNECTION_ENV_KEYS,
  'AMQP_URL',
  'RABBITMQ_MANAGEMENT_URL',
  'DATABASE_URL',
  'KAFKA_CONNECT_URL',
  'ORDERFLOW_CONNECT_DATABASE_ADDRESS',
];

/** What the global setup hands to test workers: they inherit the parent's environment. */
export const exportToEnvironment = (
  {
    settings,
    amqpUrl,
    databaseUrl,
    connectUrl,
    connectDatabaseAddress,
    rabbitmqManagementUrl,
  }: Pick<TestStack, 'settings'> &
    Partial<Pick<TestStack, 'amqpUrl' | 'databaseUrl' | 'connectUrl' | 'connectDatabaseAddress'>> & {
      /** The management API of amqpUrl's RabbitMQ, when known (queue figures with unacked jobs). */
      rabbitmqManagementUrl?: string;
    },
  env: Record<string, string | undefined> = process.env,
): void => {
  if (amqpUrl !== undefined) env.AMQP_URL = amqpUrl;
  if (rabbitmqManagementUrl !== undefined) env.RABBITMQ_MANAGEMENT_URL = rabbitmqManagementUrl;
  if (databaseUrl !== undefined) env.DATABASE_URL = databaseUrl;
  if (connectUrl !== undefined) env.KAFKA_CONNECT_URL = connectUrl;
  // startOutboxRelay renders the connector's database.hostname/port from it.
  if (connectDatabaseAddress !== undefined) env.ORDERFLOW_CONNECT_DATABASE_ADDRESS = connectDatabaseAddress;
  env.KAFKA_BROKERS = settings.kafkaBrokers.join(',');
  env.SCHEMA_REGISTRY_URL = settings.schemaRegistryUrl;
  env.REDIS_URL = settings.redisUrl;
};
