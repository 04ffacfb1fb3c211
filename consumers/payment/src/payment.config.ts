import { z } from 'zod';

import { readServiceConfig, type RuntimeConfig } from '@orderflow/service-runtime';
import { OrderflowError } from '@orderflow/errors';

import { PAYMENT_SERVICE } from './payment.identity';

/** Longer than the DLQ retention (30 days), so a redriven inventory.reserved still finds its outcome. */
const DEFAULT_RECORD_TTL_SECONDS = 35 * 24 * 60 * 60;

const paymentEnvSchema = z.object({
  /** Simulated gateway: how long a charge takes, in ms (awaited, so other partitions keep flowing). */
  PAYMENT_LATENCY_MS: z.coerce.number().int().min(0).max(60_000).default(20),
  /** Simulated gateway: share of orders whose charge is declined, 0..1. */
  PAYMENT_FAILURE_RATE: z.coerce.number().min(0).max(1).default(0.1),
  /** Simulated gateway: makes each order's decision reproducible; a random seed per boot when unset. */
  PAYMENT_SEED: z.string().min(1).optional(),
  /** Tests only: a file the simulated gateway appends one JSON line to per charge (the chaos suite counts them). */
  PAYMENT_CHARGE_JOURNAL: z.string().min(1).optional(),
  /** How long the per-order payment outcome (what makes redelivery charge-free) is kept. */
  PAYMENT_RECORD_TTL_SECONDS: z.coerce.number().int().positive().default(DEFAULT_RECORD_TTL_SECONDS),
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
  recordTtlSeconds: number;
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
    recordTtlSeconds: settings.PAYMENT_RECORD_TTL_SECONDS,
  };
};
