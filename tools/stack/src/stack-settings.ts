import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

import { z } from 'zod';

import { projectPaths } from '@orderflow/config';
import { OrderflowError } from '@orderflow/errors';

/** One KRaft node (combined broker and controller) of the embedded cluster. */
export interface KafkaNodeSettings {
  /** Kafka's `node.id`, 1-based. */
  id: number;
  /** Names its folder, pid file, logs and status row: `kafka` alone, `kafka-<id>` in a cluster. */
  name: 'kafka' | `kafka-${number}`;
  port: number;
  controllerPort: number;
  /** The client port the node tells clients to use; its own port unless a fault proxy sits in front. */
  advertisedPort: number;
}

/** The private RabbitMQ node's ports: AMQP, Erlang distribution, its own epmd, and two HTTP plugins. */
export interface RabbitmqPorts {
  amqp: number;
  dist: number;
  epmd: number;
  prometheus: number;
  management: number;
}

/** Everything the embedded stack needs to know, read and validated once per command. */
export interface StackSettings {
  stackDir: string;
  /** Shared by every checkout on the machine: Maven fetches land here once. */
  cacheDir: string;
  logsDir: string;
  runDir: string;
  envFile: string;
  /** Remembers what `up` started with (the broker count), so `down` and `status` find every node. */
  stateFile: string;
  host: string;
  ports: {
    kafka: number;
    registry: number;
    registryManagement: number;
    redis: number;
    rabbitmq: RabbitmqPorts;
    /** Kafka Connect's REST API. */
    connect: number;
    postgres: number;
  };
  kafkaNodes: KafkaNodeSettings[];
  /** The topics.yaml environment that fits the cluster: `production` (RF 3) needs three brokers. */
  topicsEnvironment: string;
  heapMb: { kafka: number; registry: number; connect: number };
  /** When REDIS_URL is set the stack uses that server instead of starting its own. */
  externalRedisUrl: string | undefined;
  /** When AMQP_URL is set the stack uses that broker instead of starting its own RabbitMQ node. */
  externalAmqpUrl: string | undefined;
  /** When KAFKA_CONNECT_URL is set the stack uses that worker instead of starting its own. */
  externalConnectUrl: string | undefined;
  /** When DATABASE_URL is set the stack uses that PostgreSQL instead of starting its own. */
  externalDatabaseUrl: string | undefined;
  readyTimeoutMs: number;
}

/** One broker, or three: the smallest cluster where RF 3 with min.insync.replicas 2 survives a broker loss. */
const KAFKA_BROKER_COUNTS = [1, 3] as const;

const port = (fallback: number) => z.coerce.number().int().min(1024).max(65535).default(fallback);
const optionalPort = z.coerce.number().int().min(1024).max(65535).optional();

const envSchema = z.object({
  ORDERFLOW_STACK_DIR: z.string().min(1).optional(),
  ORDERFLOW_CACHE_DIR: z
    .string()
    .min(1)
    .default(join(homedir(), '.cache', 'orderflow')),
  ORDERFLOW_KAFKA_PORT: port(19092),
  ORDERFLOW_KAFKA_BROKERS: z.coerce
    .number()
    .refine((count) => (KAFKA_BROKER_COUNTS as readonly number[]).includes(count), {
      message: `must be one of ${KAFKA_BROKER_COUNTS.join(', ')}`,
    })
    .optional(),
  // Chaos tests only: a TCP fault proxy listens here and forwards to ORDERFLOW_KAFKA_PORT.
  ORDERFLOW_KAFKA_ADVERTISED_PORT: optionalPort,
  ORDERFLOW_TOPICS_ENV: z.string().min(1).optional(),
  ORDERFLOW_REGISTRY_PORT: port(18081),
  ORDERFLOW_REDIS_PORT: port(16379),
  // The other RabbitMQ ports follow the AMQP one unless set (never the machine's 25672 or 4369).
  ORDERFLOW_RABBITMQ_PORT: port(16672),
  ORDERFLOW_RABBITMQ_DIST_PORT: optionalPort,
  ORDERFLOW_RABBITMQ_EPMD_PORT: optionalPort,
  ORDERFLOW_RABBITMQ_PROMETHEUS_PORT: optionalPort,
  ORDERFLOW_RABBITMQ_MANAGEMENT_PORT: optionalPort,
  ORDERFLOW_CONNECT_PORT: port(18083),
  // 256 MiB runs the outbox relay with room to spare (measured: 150-160 MB resident).
  ORDERFLOW_CONNECT_HEAP_MB: z.coerce.number().int().min(128).default(256),
  ORDERFLOW_POSTGRES_PORT: port(15432),
  ORDERFLOW_KAFKA_HEAP_MB: z.coerce.number().int().min(128).optional(),
  ORDERFLOW_REGISTRY_HEAP_MB: z.coerce.number().int().min(128).default(256),
  ORDERFLOW_STACK_READY_TIMEOUT_MS: z.coerce.number().int().positive().default(180_000),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  AMQP_URL: z.url({ protocol: /^amqps?$/ }).optional(),
  KAFKA_CONNECT_URL: z.url({ protocol: /^https?$/ }).optional(),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
});

const stateSchema = z.object({ kafkaBrokers: z.number().int().positive() });

/** The broker count the stack in `stateFile` was started with, if it ever was. */
const readRememberedBrokers = (stateFile: string): number | undefined =>
  existsSync(stateFile)
    ? stateSchema.parse(JSON.parse(readFileSync(stateFile, 'utf8'))).kafkaBrokers
    : undefined;

/**
 * Heap per broker: 512 MiB for one, 256 MiB each for three (measured on a 2-core box: three brokers
 * with the whole pipeline's topics stay far below it; see docs/operations.md).
 */
const defaultKafkaHeapMb = (brokers: number): number => (brokers === 1 ? 512 : 256);

/**
 * Node n (1-based) listens for clients on ORDERFLOW_KAFKA_PORT + 2(n-1) and for its controller quorum on
 * the port after it: 19092/19093, 19094/19095, 19096/19097 by default. The first broker keeps
 * ORDERFLOW_KAFKA_PORT, so a client configured for one broker still finds the cluster.
 */
const kafkaNodes = (brokers: number, firstPort: number, advertisedPort: number | undefined) =>
  Array.from({ length: brokers }, (_, index): KafkaNodeSettings => {
    const nodePort = firstPort + 2 * index;
    return {
      id: index + 1,
      name: brokers === 1 ? 'kafka' : `kafka-${index + 1}`,
      port: nodePort,
      controllerPort: nodePort + 1,
      advertisedPort: index === 0 ? (advertisedPort ?? nodePort) : nodePort,
    };
  });

const invalid = (problems: string[]): OrderflowError =>
  new OrderflowError('CONFIG_INVALID', `Invalid embedded stack setting (${problems.join('; ')}).`, {
    context: { problems },
  });

export const readStackSettings = (env: Record<string, string | undefined> = process.env): StackSettings => {
  const parsed = envSchema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '')),
  );
  if (!parsed.success) {
    throw invalid(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const values = parsed.data;
  const stackDir = values.ORDERFLOW_STACK_DIR ?? projectPaths().stackDir;
  const stateFile = join(stackDir, 'state.json');
  const remembered = readRememberedBrokers(stateFile);
  const brokers = values.ORDERFLOW_KAFKA_BROKERS ?? remembered ?? 1;
  if (remembered !== undefined && brokers !== remembered) {
    // The nodes' data was formatted for a quorum of that size; a different one would not start.
    throw invalid([
      `ORDERFLOW_KAFKA_BROKERS: the stack in ${stackDir} was created with ${remembered} broker(s); ` +
        `run \`orderflow stack down\` and delete ${stackDir} (or use another ORDERFLOW_STACK_DIR) to change it`,
    ]);
  }
  if (values.ORDERFLOW_KAFKA_ADVERTISED_PORT !== undefined && brokers !== 1) {
    throw invalid(['ORDERFLOW_KAFKA_ADVERTISED_PORT: only for a one-broker stack']);
  }
  return {
    stackDir,
    cacheDir: values.ORDERFLOW_CACHE_DIR,
    logsDir: join(stackDir, 'logs'),
    runDir: join(stackDir, 'run'),
    envFile: join(stackDir, 'env'),
    stateFile,
    host: '127.0.0.1',
    ports: {
      kafka: values.ORDERFLOW_KAFKA_PORT,
      registry: values.ORDERFLOW_REGISTRY_PORT,
      registryManagement: values.ORDERFLOW_REGISTRY_PORT + 1,
      redis: values.ORDERFLOW_REDIS_PORT,
      rabbitmq: {
        amqp: values.ORDERFLOW_RABBITMQ_PORT,
        dist: values.ORDERFLOW_RABBITMQ_DIST_PORT ?? values.ORDERFLOW_RABBITMQ_PORT + 2,
        epmd: values.ORDERFLOW_RABBITMQ_EPMD_PORT ?? values.ORDERFLOW_RABBITMQ_PORT + 3,
        prometheus: values.ORDERFLOW_RABBITMQ_PROMETHEUS_PORT ?? values.ORDERFLOW_RABBITMQ_PORT + 20,
        management: values.ORDERFLOW_RABBITMQ_MANAGEMENT_PORT ?? values.ORDERFLOW_RABBITMQ_PORT + 21,
      },
      connect: values.ORDERFLOW_CONNECT_PORT,
      postgres: values.ORDERFLOW_POSTGRES_PORT,
    },
    kafkaNodes: kafkaNodes(brokers, values.ORDERFLOW_KAFKA_PORT, values.ORDERFLOW_KAFKA_ADVERTISED_PORT),
    topicsEnvironment: values.ORDERFLOW_TOPICS_ENV ?? (brokers >= 3 ? 'production' : 'local'),
    heapMb: {
      kafka: values.ORDERFLOW_KAFKA_HEAP_MB ?? defaultKafkaHeapMb(brokers),
      registry: values.ORDERFLOW_REGISTRY_HEAP_MB,
      connect: values.ORDERFLOW_CONNECT_HEAP_MB,
    },
    externalRedisUrl: values.REDIS_URL,
    externalAmqpUrl: values.AMQP_URL,
    externalConnectUrl: values.KAFKA_CONNECT_URL,
    externalDatabaseUrl: values.DATABASE_URL,
    readyTimeoutMs: values.ORDERFLOW_STACK_READY_TIMEOUT_MS,
  };
};
