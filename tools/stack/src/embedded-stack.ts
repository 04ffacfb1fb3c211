import { mkdirSync, writeFileSync } from 'node:fs';

import { writeEnvFile, type ConnectionSettings } from '@orderflow/config';

import { createRabbitmqComponent, rabbitmqManagementUrl } from './components/rabbitmq.component';
import { createKafkaCluster, type KafkaCluster } from './components/kafka.component';
import { createKafkaConnectComponent } from './components/kafka-connect.component';
import { createPostgresComponent } from './components/postgres.component';
import { createRedisComponent } from './components/redis.component';
import { createSchemaRegistryComponent } from './components/schema-registry.component';
import type { ComponentName, ComponentStatus, StackComponent } from './components/stack-component';
import { withStackLock } from './stack-lock';
import { silentReporter, type StackReporter } from './stack-reporter';
import { readStackSettings, type StackSettings } from './stack-settings';

export interface StackUpResult {
  connection: ConnectionSettings;
  /** The work-queue broker (the stack's own RabbitMQ node, or AMQP_URL's). */
  amqpUrl: string;
  /** The servers this call started; empty when everything was already running. */
  started: ComponentName[];
}

export interface EmbeddedStack {
  settings: StackSettings;
  kafka: KafkaCluster;
  /** Starts whatever is not running, waits until every server answers, writes .stack/env. Idempotent. */
  up(report?: StackReporter): Promise<StackUpResult>;
  /** The database URL services get as DATABASE_URL (the stack's own PostgreSQL, or the one given). */
  databaseUrl: string;
  /** The Kafka Connect worker's REST URL (the stack's own, or KAFKA_CONNECT_URL). */
  connectUrl: string;
  /** Stops what the stack started (never an external Redis, RabbitMQ or PostgreSQL). Idempotent. */
  down(report?: StackReporter): Promise<void>;
  status(): Promise<ComponentStatus[]>;
  /** The pid of each server the stack started and that runs now (for fault injection). */
  pids(): Partial<Record<ComponentName, number>>;
}

/** Coordinates the servers: Kafka first, since the registry keeps its schemas in Kafka. */
export const createEmbeddedStack = (settings: StackSettings = readStackSettings()): EmbeddedStack => {
  const kafka = createKafkaCluster(settings);
  const registry = createSchemaRegistryComponent(settings, kafka.addresses);
  const redis = createRedisComponent(settings);
  const rabbitmq = createRabbitmqComponent(settings);
  const postgres = createPostgresComponent(settings);
  const connect = createKafkaConnectComponent(settings, kafka.addresses);
  const components: StackComponent[] = [...kafka.nodes, registry, redis, rabbitmq, postgres, connect];
  const managementUrl = rabbitmqManagementUrl(settings);
  const lockTimeoutMs = settings.readyTimeoutMs + 60_000;

  const connectionSettings: ConnectionSettings = {
    kafkaBrokers: kafka.addresses,
    schemaRegistryUrl: registry.address,
    redisUrl: redis.address,
  };

  return {
    settings,
    kafka,
    databaseUrl: postgres.address,
    connectUrl: connect.address,
    up: (report = silentReporter) =>
      withStackLock(settings.runDir, lockTimeoutMs, async () => {
        mkdirSync(settings.logsDir, { recursive: true });
        const before = await Promise.all(components.map((component) => component.status()));
        const started = before.filter((status) => status.state === 'stopped').map((status) => status.name);
        await Promise.all(
          [kafka, registry, redis, rabbitmq, postgres, connect].map((component) => component.prepare(report)),
        );
        writeFileSync(settings.stateFile, `${JSON.stringify({ kafkaBrokers: kafka.nodes.length })}\n`);
        redis.start(report);
        rabbitmq.start(report);
        postgres.start(report);
        kafka.start(report);
        await kafka.waitUntilReady(settings.readyTimeoutMs);
        report(`kafka ready at ${kafka.addresses.join(',')}`);
        registry.start(report);
        connect.start(report);
        await Promise.all([
          registry.waitUntilReady(settings.readyTimeoutMs),
          redis.waitUntilReady(settings.readyTimeoutMs),
          rabbitmq.waitUntilReady(settings.readyTimeoutMs),
          postgres.waitUntilReady(settings.readyTimeoutMs),
          connect.waitUntilReady(settings.readyTimeoutMs),
        ]);
        report(
          `schema-registry ready at ${registry.address}; redis ready at ${redis.address}; ` +
            `rabbitmq ready at ${rabbitmq.address}; postgres ready at ${postgres.address}; ` +
            `kafka-connect ready at ${connect.address}`,
        );
        writeEnvFile(
          settings.envFile,
          {
            KAFKA_BROKERS: connectionSettings.kafkaBrokers.join(','),
            SCHEMA_REGISTRY_URL: connectionSettings.schemaRegistryUrl,
            REDIS_URL: connectionSettings.redisUrl,
            AMQP_URL: rabbitmq.address,
            ...(managementUrl === undefined ? {} : { RABBITMQ_MANAGEMENT_URL: managementUrl }),
            DATABASE_URL: postgres.address,
            KAFKA_CONNECT_URL: connect.address,
          },
          'written by `orderflow stack up`; explicit environment variables take precedence',
        );
        return { connection: connectionSettings, amqpUrl: rabbitmq.address, started };
      }),
    down: (report = silentReporter) =>
      withStackLock(settings.runDir, lockTimeoutMs, async () => {
        // Reverse start order: the registry's and Connect's Kafka clients should not watch their broker
        // disappear (Connect commits its source offsets to Kafka as it stops).
        const [registryStopped, connectStopped] = await Promise.all([registry.stop(), connect.stop()]);
        if (registryStopped) report(`${registry.name} stopped`);
        if (connectStopped) report(`${connect.name} stopped`);
        // A cluster's nodes at once: stopped one by one, the last ones would wait for a quorum that is gone.
        const stopped = await Promise.all(kafka.nodes.map((node) => node.stop()));
        kafka.nodes.filter((_, index) => stopped[index]).forEach((node) => report(`${node.name} stopped`));
        if (await redis.stop()) report(`${redis.name} stopped`);
        if (await rabbitmq.stop()) report(`${rabbitmq.name} stopped`);
        if (await postgres.stop()) report(`${postgres.name} stopped`);
      }),
    status: () => Promise.all(components.map((component) => component.status())),
    pids: () =>
      Object.fromEntries(
        components.flatMap((component) => {
          const pid = component.pid();
          return pid === undefined ? [] : [[component.name, pid]];
        }),
      ),
  };
};
