import { z } from 'zod';

import { readRuntimeConfig, type RuntimeConfig } from '@orderflow/consumer-runtime';
import { OrderflowError } from '@orderflow/errors';

const DAY_SECONDS = 24 * 60 * 60;

const orderApiEnvSchema = z.object({
  /** Largest POST /orders body accepted; 100 lines of JSON fit in a few KiB, so 64 KiB is generous. */
  ORDER_API_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024)
    .default(64 * 1024),
  /** How long an Idempotency-Key remembers its order (retries of the same request within a day). */
  ORDER_API_IDEMPOTENCY_TTL_SECONDS: z.coerce.number().int().positive().default(DAY_SECONDS),
  /**
   * How long a claim on a key is held while its request publishes. Longer than the producer's own
   * retries, so a slow publish is never claimed (and published) a second time by a concurrent retry.
   */
  ORDER_API_IDEMPOTENCY_LEASE_MS: z.coerce.number().int().positive().default(60_000),
  /** How long a request waits for a concurrent request with the same key before answering 409. */
  ORDER_API_IDEMPOTENCY_WAIT_MS: z.coerce.number().int().positive().default(10_000),
  /** Status views live this long after their last update: longer than the DLQ retention (30 days). */
  ORDER_API_STATUS_TTL_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(35 * DAY_SECONDS),
});

export interface OrderApiConfig {
  runtime: RuntimeConfig;
  bodyLimitBytes: number;
  idempotency: { ttlSeconds: number; leaseMs: number; waitMs: number };
  statusTtlSeconds: number;
}

/** Reads and validates the order API's settings once; a bad value stops the boot, naming its key. */
export const readOrderApiConfig = (env: Record<string, string | undefined> = process.env): OrderApiConfig => {
  const parsed = orderApiEnvSchema.safeParse(env);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    const key = String(issue?.path[0] ?? 'ORDER_API_*');
    throw new OrderflowError('CONFIG_INVALID', `${key} is invalid (${issue?.message}); fix or unset it.`, {
      context: { key, value: env[key] },
    });
  }
  const settings = parsed.data;
  return {
    runtime: readRuntimeConfig(
      { service: 'order-api', group: 'order-api', portVariable: 'ORDER_API_PORT', defaultPort: 3000 },
      env,
    ),
    bodyLimitBytes: settings.ORDER_API_BODY_LIMIT_BYTES,
    idempotency: {
      ttlSeconds: settings.ORDER_API_IDEMPOTENCY_TTL_SECONDS,
      leaseMs: settings.ORDER_API_IDEMPOTENCY_LEASE_MS,
      waitMs: settings.ORDER_API_IDEMPOTENCY_WAIT_MS,
    },
    statusTtlSeconds: settings.ORDER_API_STATUS_TTL_SECONDS,
  };
};
