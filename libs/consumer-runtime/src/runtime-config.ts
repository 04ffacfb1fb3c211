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
    /** Partitions processed in parallel (records of one partition always in order). */
    concurrency: number;
    /** Idempotency lease: how long a crashed consumer's in-flight event stays blocked. */
    leaseMs: number;
    /** How long the group waits for a silent member before moving its partitions to others. */
    sessionTimeoutMs: number;
  };
}

const portSchema = z.coerce.number().int().min(0).max(65535);

const consumerSchema = z.object({
  CONSUMER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(3),
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
      leaseMs: consumer.data.IDEMPOTENCY_LEASE_MS,
      sessionTimeoutMs: consumer.data.CONSUMER_SESSION_TIMEOUT_MS,
    },
  };
};

/** A Redis key in the service's namespace: `<topicPrefix><part>:<part>…`, so tests never collide. */
export const redisKey = (config: Pick<RuntimeConfig, 'topicPrefix'>, ...parts: string[]): string =>
  `${config.topicPrefix}${parts.join(':')}`;
