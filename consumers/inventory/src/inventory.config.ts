import { z } from 'zod';

import { readRuntimeConfig, type RuntimeConfig } from '@orderflow/consumer-runtime';
import { OrderflowError } from '@orderflow/errors';

/** Longer than the DLQ retention (30 days), so a redriven order.created still finds its reservation. */
const DEFAULT_RESERVATION_TTL_SECONDS = 35 * 24 * 60 * 60;

const inventoryEnvSchema = z.object({
  /** How long a reservation record (the per-order outcome that makes reserve/release idempotent) lives. */
  INVENTORY_RESERVATION_TTL_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(DEFAULT_RESERVATION_TTL_SECONDS),
});

export interface InventoryConfig {
  runtime: RuntimeConfig;
  reservationTtlSeconds: number;
}

/** Reads and validates the inventory service's settings once; a bad value stops the boot, naming its key. */
export const readInventoryConfig = (
  env: Record<string, string | undefined> = process.env,
): InventoryConfig => {
  const parsed = inventoryEnvSchema.safeParse(env);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    const key = String(issue?.path[0] ?? 'INVENTORY_*');
    throw new OrderflowError('CONFIG_INVALID', `${key} is invalid (${issue?.message}); fix or unset it.`, {
      context: { key, value: env[key] },
    });
  }
  return {
    runtime: readRuntimeConfig(
      { service: 'inventory', group: 'inventory', portVariable: 'INVENTORY_PORT', defaultPort: 3101 },
      env,
    ),
    reservationTtlSeconds: parsed.data.INVENTORY_RESERVATION_TTL_SECONDS,
  };
};
