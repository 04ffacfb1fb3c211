import { z } from 'zod';

import { OrderflowError } from '@orderflow/errors';

import { readEnvFile } from './env-file';
import { projectPaths } from './project-paths';

const brokerList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((broker) => broker.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'expected host:port'))
      .min(1, 'expected at least one broker'),
  );

const connectionSchema = z.object({
  KAFKA_BROKERS: brokerList,
  SCHEMA_REGISTRY_URL: z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, '')),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }),
});

/** How to reach the three servers everything talks to. */
export interface ConnectionSettings {
  kafkaBrokers: string[];
  schemaRegistryUrl: string;
  redisUrl: string;
}

export const CONNECTION_ENV_KEYS = ['KAFKA_BROKERS', 'SCHEMA_REGISTRY_URL', 'REDIS_URL'] as const;

/**
 * Validates connection settings from a plain key/value source, naming the offending key on failure.
 * Missing keys are reported together, with the way to provide them.
 */
export const parseConnectionSettings = (
  source: Record<string, string | undefined>,
  origin: string,
): ConnectionSettings => {
  const parsed = connectionSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new OrderflowError(
      'CONFIG_INVALID',
      `Connection settings from ${origin} are invalid (${problems.join('; ')}). ` +
        'Set KAFKA_BROKERS, SCHEMA_REGISTRY_URL and REDIS_URL, or start the embedded stack with `npm run stack:up`.',
      { context: { origin, problems } },
    );
  }
  return {
    kafkaBrokers: parsed.data.KAFKA_BROKERS,
    schemaRegistryUrl: parsed.data.SCHEMA_REGISTRY_URL,
    redisUrl: parsed.data.REDIS_URL,
  };
};

/**
 * The settings services and the CLI use: explicit environment variables win (all three, or none);
 * otherwise what `stack:up` wrote to .stack/env.
 */
export const resolveConnectionSettings = (
  env: Record<string, string | undefined> = process.env,
  stackEnvFile = projectPaths().stackEnvFile,
): ConnectionSettings => {
  const given = CONNECTION_ENV_KEYS.filter((key) => env[key] !== undefined && env[key] !== '');
  if (given.length > 0) return parseConnectionSettings(env, 'the environment');
  return parseConnectionSettings(readEnvFile(stackEnvFile), stackEnvFile);
};

/**
 * The work-queue broker's URL: AMQP_URL from the environment, else what `stack:up` wrote to .stack/env.
 * Separate from ConnectionSettings: only the services that hand off or do queued work need it.
 */
export const resolveAmqpUrl = (
  env: Record<string, string | undefined> = process.env,
  stackEnvFile = projectPaths().stackEnvFile,
): string => {
  const url = env.AMQP_URL || readEnvFile(stackEnvFile).AMQP_URL;
  const parsed = z.url({ protocol: /^amqps?$/ }).safeParse(url);
  if (!parsed.success) {
    throw new OrderflowError(
      'CONFIG_INVALID',
      `AMQP_URL ${url === undefined ? 'is not set' : 'is not an amqp:// URL'}: set it, or start the embedded stack with \`npm run stack:up\`.`,
      { context: { origin: env.AMQP_URL ? 'the environment' : stackEnvFile } },
    );
  }
  return parsed.data;
};

/** The RabbitMQ management API's URL (with credentials) when known: RABBITMQ_MANAGEMENT_URL or .stack/env. */
export const resolveRabbitmqManagementUrl = (
  env: Record<string, string | undefined> = process.env,
  stackEnvFile = projectPaths().stackEnvFile,
): string | undefined =>
  env.RABBITMQ_MANAGEMENT_URL ||
  (env.AMQP_URL ? undefined : readEnvFile(stackEnvFile).RABBITMQ_MANAGEMENT_URL);
