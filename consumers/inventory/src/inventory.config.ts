import { z } from 'zod';

import { readServiceConfig, type RuntimeConfig } from '@orderflow/service-runtime';

import { INVENTORY_SERVICE } from './inventory.identity';

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
  const { runtime, settings } = readServiceConfig(inventoryEnvSchema, env, INVENTORY_SERVICE);
  return { runtime, reservationTtlSeconds: settings.INVENTORY_RESERVATION_TTL_SECONDS };
};
