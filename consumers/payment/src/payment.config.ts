import { z } from 'zod';

import { readServiceConfig, type RuntimeConfig } from '@orderflow/service-runtime';
import { OrderflowError } from '@orderflow/errors';
import { resolveDatabaseUrl } from '@orderflow/postgres';

import { PAYMENT_SERVICE } from './payment.identity';

const paymentEnvSchema = z.object({
  /** Simulated gateway: how long a charge takes, in ms (awaited, so other partitions keep flowing). */
  PAYMENT_LATENCY_MS: z.coerce.number().int().min(0).max(60_000).default(20),
  /** Simulated gateway: share of orders whose charge is declined, 0..1. */
  PAYMENT_FAILURE_RATE: z.coerce.number().min(0).max(1).default(0.1),
  /** Simulated gateway: makes each order's decision reproducible; a random seed per boot when unset. */
  PAYMENT_SEED: z.string().min(1).optional(),
  /** Tests only: a file the simulated gateway appends one JSON line to per charge (the chaos suite counts them). */
  PAYMENT_CHARGE_JOURNAL: z.string().min(1).optional(),
  /** Connections to the ledger's database: one per key in flight is never needed (charges wait outside). */
  PAYMENT_DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
});

export interface SimulatedGatewayConfig {
  latencyMs: number;
  failureRate: number;
  seed: string | undefined;
  /** PAYMENT_CHARGE_JOURNAL (tests only). */
  chargeJournal: string | undefined;
}

export interface PaymentConfig {
  runtime: RuntimeConfig;
  gateway: SimulatedGatewayConfig;
  database: {
    /** DATABASE_URL (the environment, else .stack/env). */
    url: string;
    poolSize: number;
  };
}

/** Reads and validates the payment service's settings once; a bad value stops the boot, naming its key. */
export const readPaymentConfig = (env: Record<string, string | undefined> = process.env): PaymentConfig => {
  const { runtime, settings } = readServiceConfig(paymentEnvSchema, env, PAYMENT_SERVICE);
  // A charge slower than the handler deadline would time out on every delivery and end in the DLQ.
  if (settings.PAYMENT_LATENCY_MS >= runtime.consumer.handlerDeadlineMs) {
    throw new OrderflowError(
      'CONFIG_INVALID',
      `PAYMENT_LATENCY_MS (${settings.PAYMENT_LATENCY_MS}) must be below CONSUMER_HANDLER_DEADLINE_MS (${runtime.consumer.handlerDeadlineMs}); raise the deadline, IDEMPOTENCY_LEASE_MS and CONSUMER_SESSION_TIMEOUT_MS with it.`,
      { context: { key: 'PAYMENT_LATENCY_MS', value: env.PAYMENT_LATENCY_MS } },
    );
  }
  return {
    runtime,
    gateway: {
      latencyMs: settings.PAYMENT_LATENCY_MS,
      failureRate: settings.PAYMENT_FAILURE_RATE,
      seed: settings.PAYMENT_SEED,
      chargeJournal: settings.PAYMENT_CHARGE_JOURNAL,
    },
    database: {
      url: resolveDatabaseUrl(env),
      poolSize: settings.PAYMENT_DATABASE_POOL_SIZE,
    },
  };
};
