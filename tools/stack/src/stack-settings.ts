import { homedir } from 'node:os';
import { join } from 'node:path';

import { z } from 'zod';

import { projectPaths } from '@orderflow/config';
import { OrderflowError } from '@orderflow/errors';

/** Everything the embedded stack needs to know, read and validated once per command. */
export interface StackSettings {
  stackDir: string;
  /** Shared by every checkout on the machine: Maven fetches land here once. */
  cacheDir: string;
  logsDir: string;
  runDir: string;
  envFile: string;
  host: string;
  ports: {
    kafka: number;
    kafkaController: number;
    registry: number;
    registryManagement: number;
    redis: number;
  };
  heapMb: { kafka: number; registry: number };
  /** When REDIS_URL is set the stack uses that server instead of starting its own. */
  externalRedisUrl: string | undefined;
  readyTimeoutMs: number;
}

const port = (fallback: number) => z.coerce.number().int().min(1024).max(65535).default(fallback);

const envSchema = z.object({
  ORDERFLOW_CACHE_DIR: z
    .string()
    .min(1)
    .default(join(homedir(), '.cache', 'orderflow')),
  ORDERFLOW_KAFKA_PORT: port(19092),
  ORDERFLOW_REGISTRY_PORT: port(18081),
  ORDERFLOW_REDIS_PORT: port(16379),
  ORDERFLOW_KAFKA_HEAP_MB: z.coerce.number().int().min(128).default(512),
  ORDERFLOW_REGISTRY_HEAP_MB: z.coerce.number().int().min(128).default(256),
  ORDERFLOW_STACK_READY_TIMEOUT_MS: z.coerce.number().int().positive().default(180_000),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
});

export const readStackSettings = (env: Record<string, string | undefined> = process.env): StackSettings => {
  const parsed = envSchema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '')),
  );
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new OrderflowError('CONFIG_INVALID', `Invalid embedded stack setting (${problems.join('; ')}).`, {
      context: { problems },
    });
  }
  const values = parsed.data;
  const { stackDir, stackEnvFile } = projectPaths();
  return {
    stackDir,
    cacheDir: values.ORDERFLOW_CACHE_DIR,
    logsDir: join(stackDir, 'logs'),
    runDir: join(stackDir, 'run'),
    envFile: stackEnvFile,
    host: '127.0.0.1',
    ports: {
      kafka: values.ORDERFLOW_KAFKA_PORT,
      kafkaController: values.ORDERFLOW_KAFKA_PORT + 1,
      registry: values.ORDERFLOW_REGISTRY_PORT,
      registryManagement: values.ORDERFLOW_REGISTRY_PORT + 1,
      redis: values.ORDERFLOW_REDIS_PORT,
    },
    heapMb: { kafka: values.ORDERFLOW_KAFKA_HEAP_MB, registry: values.ORDERFLOW_REGISTRY_HEAP_MB },
    externalRedisUrl: values.REDIS_URL,
    readyTimeoutMs: values.ORDERFLOW_STACK_READY_TIMEOUT_MS,
  };
};
