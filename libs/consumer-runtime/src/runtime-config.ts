import { z } from 'zod';

import { resolveConnectionSettings, type ConnectionSettings } from '@orderflow/config';
import { OrderflowError } from '@orderflow/errors';
import { parseLogLevel, type LogLevel } from '@orderflow/logging';

/** What every orderflow service needs to run, read once at start-up. */
export interface RuntimeConfig {
  /** The service's name in logs and client ids, e.g. `inventory`, `order-api`. */
  service: string;
  /** Its consumer group as declared in topics.yaml (retry tiers and DLQ come from there). */
  group: string;
  settings: ConnectionSettings;
  /**
   * Prepended to every topic, consumer group and Redis key: '' in production; a unique value per test
   * so tests run side by side on one broker and one Redis.
   */
  topicPrefix: string;
  /** HTTP port (API, health, metrics); 0 picks a free one (tests). */
  httpPort: number;
  /**
   * Interface the HTTP server binds: loopback by default (nothing here has authentication); 0.0.0.0 lets
   * the Prometheus of docker-compose.kafka.yml scrape the services through host.docker.internal.
   */
  bindHost: string;
  logLevel: LogLevel;
  consumer: {
    /** Partitions processed in parallel. */
    concurrency: number;
    /** Orders (record keys) processed at once within one partition's batch; each key's records in order. */
    keysInFlight: number;
    /** How often finished offsets are committed (what a crash makes the group read again, deduplicated). */
    commitIntervalMs: number;
    /** Idempotency lease: how long a crashed consumer's in-flight event stays blocked. */
    leaseMs: number;
    /** How long the group waits for a silent member before moving its partitions to others. */
    sessionTimeoutMs: number;
  };
}

const portSchema = z.coerce.number().int().min(0).max(65535);

/** The consumer's parallelism and commit interval unless the CONSUMER_* variables say otherwise. */
export const CONSUMER_DEFAULTS = {
  // topics.yaml's partitions per topic: every partition of a fetch is worked on at once.
  concurrency: 6,
  // Enough orders at once that a slow handler (a payment gateway's latency) does not serialise a partition;
  // bounded so a large batch does not open thousands of Redis and handler calls at once.
  keysInFlight: 64,
  // Kafka's own clients commit every 5 s by default; 1 s keeps lag figures and post-crash re-reads small.
  commitIntervalMs: 1_000,
} as const;

const consumerSchema = z.object({
  CONSUMER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(CONSUMER_DEFAULTS.concurrency),
  CONSUMER_KEYS_IN_FLIGHT: z.coerce.number().int().min(1).max(1_000).default(CONSUMER_DEFAULTS.keysInFlight),
  CONSUMER_COMMIT_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(10)
    .max(60_000)
    .default(CONSUMER_DEFAULTS.commitIntervalMs),
  IDEMPOTENCY_LEASE_MS: z.coerce.number().int().min(1_000).default(15_000),
  // The broker's group.min.session.timeout.ms is 6 s by default; below that joins are refused.
  CONSUMER_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6_000).default(30_000),
});

/**
 * Reads the runtime settings from the environment: connection settings (env vars, else .stack/env),
 * ORDERFLOW_TOPIC_PREFIX, LOG_LEVEL and the service's own port variable (e.g. INVENTORY_PORT).
 */
export const readRuntimeConfig = (
  identity: { service: string; group: string; portVariable: string; defaultPort: number },
  env: Record<string, string | undefined> = process.env,
): RuntimeConfig => {
  const port = portSchema.safeParse(env[identity.portVariable] ?? identity.defaultPort);
  if (!port.success) {
    throw new OrderflowError('CONFIG_INVALID', `${identity.portVariable} must be a port number (0-65535).`, {
      context: { key: identity.portVariable, value: env[identity.portVariable] },
    });
  }
  const consumer = consumerSchema.safeParse(env);
  if (!consumer.success) {
    const problems = consumer.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new OrderflowError('CONFIG_INVALID', `Invalid consumer setting (${problems.join('; ')}).`, {
      context: { problems },
    });
  }
  return {
    service: identity.service,
    group: identity.group,
    settings: resolveConnectionSettings(env),
    topicPrefix: env.ORDERFLOW_TOPIC_PREFIX ?? '',
    httpPort: port.data,
    bindHost: env.ORDERFLOW_BIND_HOST ?? '127.0.0.1',
    logLevel: parseLogLevel(env.LOG_LEVEL),
    consumer: {
      concurrency: consumer.data.CONSUMER_CONCURRENCY,
      keysInFlight: consumer.data.CONSUMER_KEYS_IN_FLIGHT,
      commitIntervalMs: consumer.data.CONSUMER_COMMIT_INTERVAL_MS,
      leaseMs: consumer.data.IDEMPOTENCY_LEASE_MS,
      sessionTimeoutMs: consumer.data.CONSUMER_SESSION_TIMEOUT_MS,
    },
  };
};

/** A Redis key in the service's namespace: `<topicPrefix><part>:<part>…`, so tests never collide. */
export const redisKey = (config: Pick<RuntimeConfig, 'topicPrefix'>, ...parts: string[]): string =>
  `${config.topicPrefix}${parts.join(':')}`;
