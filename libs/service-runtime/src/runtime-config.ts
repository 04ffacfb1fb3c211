import { z } from 'zod';

import { resolveConnectionSettings, type ConnectionSettings } from '@orderflow/config';
import { parseSchemaVersionPins, type SchemaVersionPins } from '@orderflow/contracts';
import { OrderflowError } from '@orderflow/errors';
import { parseLogLevel, type LogLevel } from '@orderflow/logging';

import { parseFailPoints, type FailPointSpec } from './fail-points';

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
    /**
     * How long a handler (and the publishing of its follow-ups) may run: then its signal is aborted, its
     * lease is no longer extended and the event goes to the next retry tier. Shorter than the lease.
     */
    handlerDeadlineMs: number;
    /** How often a record whose schema id the registry does not know is read again before the DLQ. */
    unknownSchemaRetries: number;
    /** The wait between those reads: a registry replaying its storage may answer 404 for a while. */
    unknownSchemaRetryMs: number;
  };
  /**
   * ORDERFLOW_SCHEMA_VERSIONS (`order.created=1`): the newest schema version this service reads and writes
   * per topic, as the build before a rollout had it; records of later versions are resolved from their
   * writer schema in the registry. Empty (the default): every topic's latest version under schemas/.
   */
  schemaVersions: SchemaVersionPins;
  /** Tests only (ORDERFLOW_FAILPOINTS): the crashes and throws injected at exact steps of this service. */
  failPoints: FailPointSpec[];
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
  // Two thirds of the default 15 s lease (unset, the deadline follows IDEMPOTENCY_LEASE_MS the same way).
  handlerDeadlineMs: 10_000,
  // About 30 s of 404s before the DLQ: longer than a registry takes to replay its storage after a restart.
  unknownSchemaRetries: 3,
  unknownSchemaRetryMs: 10_000,
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
  // Unset: two thirds of the lease, so the lease always outlives the handler that holds it.
  CONSUMER_HANDLER_DEADLINE_MS: z.coerce.number().int().min(100).optional(),
  CONSUMER_UNKNOWN_SCHEMA_RETRIES: z.coerce
    .number()
    .int()
    .min(0)
    .max(100)
    .default(CONSUMER_DEFAULTS.unknownSchemaRetries),
  CONSUMER_UNKNOWN_SCHEMA_RETRY_MS: z.coerce
    .number()
    .int()
    .min(10)
    .max(600_000)
    .default(CONSUMER_DEFAULTS.unknownSchemaRetryMs),
});

/**
 * The timings that keep leases meaningful, or the problems with them, each naming its keys:
 * - a lease of at most half the session: a member that stalled long enough to lose its partitions lost its
 *   leases well before, so the next owner finds them free instead of deferring its records;
 * - a handler deadline below the lease: the lease is still held when a handler that used its whole
 *   deadline records its effects and marks the event done.
 */
export const consumerTimingProblems = ({
  leaseMs,
  sessionTimeoutMs,
  handlerDeadlineMs,
}: Pick<RuntimeConfig['consumer'], 'leaseMs' | 'sessionTimeoutMs' | 'handlerDeadlineMs'>): string[] => {
  const problems: string[] = [];
  if (leaseMs * 2 > sessionTimeoutMs) {
    problems.push(
      `IDEMPOTENCY_LEASE_MS (${leaseMs}) must be at most half of CONSUMER_SESSION_TIMEOUT_MS (${sessionTimeoutMs})`,
    );
  }
  if (handlerDeadlineMs >= leaseMs) {
    problems.push(
      `CONSUMER_HANDLER_DEADLINE_MS (${handlerDeadlineMs}) must be below IDEMPOTENCY_LEASE_MS (${leaseMs})`,
    );
  }
  return problems;
};

/**
 * Reads the runtime settings from the environment: connection settings (env vars, else .stack/env),
 * ORDERFLOW_TOPIC_PREFIX, LOG_LEVEL, the service's own port variable (e.g. INVENTORY_PORT),
 * ORDERFLOW_SCHEMA_VERSIONS and, in tests, ORDERFLOW_FAILPOINTS.
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
  const leaseMs = consumer.data.IDEMPOTENCY_LEASE_MS;
  const timings = {
    leaseMs,
    sessionTimeoutMs: consumer.data.CONSUMER_SESSION_TIMEOUT_MS,
    handlerDeadlineMs: consumer.data.CONSUMER_HANDLER_DEADLINE_MS ?? Math.floor((leaseMs * 2) / 3),
  };
  const timingProblems = consumerTimingProblems(timings);
  if (timingProblems.length > 0) {
    throw new OrderflowError('CONFIG_INVALID', `Invalid consumer timings (${timingProblems.join('; ')}).`, {
      context: { problems: timingProblems },
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
      ...timings,
      unknownSchemaRetries: consumer.data.CONSUMER_UNKNOWN_SCHEMA_RETRIES,
      unknownSchemaRetryMs: consumer.data.CONSUMER_UNKNOWN_SCHEMA_RETRY_MS,
    },
    schemaVersions: parseSchemaVersionPins(env.ORDERFLOW_SCHEMA_VERSIONS, 'ORDERFLOW_SCHEMA_VERSIONS'),
    failPoints: parseFailPoints(env.ORDERFLOW_FAILPOINTS).filter((spec) => spec.service === identity.service),
  };
};

/** A Redis key in the service's namespace: `<topicPrefix><part>:<part>…`, so tests never collide. */
export const redisKey = (config: Pick<RuntimeConfig, 'topicPrefix'>, ...parts: string[]): string =>
  `${config.topicPrefix}${parts.join(':')}`;
