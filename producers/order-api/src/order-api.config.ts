import { z } from 'zod';

import { readServiceConfig, type RuntimeConfig } from '@orderflow/service-runtime';
import { OrderflowError } from '@orderflow/errors';

import { ORDER_API_SERVICE } from './order-api.identity';

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
   * How long a claim on a key is held while its request publishes. At least the publish deadline plus
   * PUBLISH_MARGIN_MS (checked below), so a publish still running is never claimed by a concurrent retry;
   * not much more, since it is also how long the retries of a client whose request died with an order API
   * instance are answered 409 (chaos case 1 saw 58 s of them with 60 s).
   */
  ORDER_API_IDEMPOTENCY_LEASE_MS: z.coerce.number().int().positive().default(20_000),
  /**
   * The deadline of one order's publish, registry lookup and broker acknowledgement included, counted
   * from the request: past it the order is answered 503 (nothing sent) or 504 (outcome unknown).
   */
  ORDER_API_PUBLISH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /**
   * Orders one instance works on at once (POST /orders from arrival to answer); beyond it a POST is answered
   * 503 `overloaded` at once. 60 orders/s at ~150 ms keep about 10 in flight and the benchmark's 64
   * connections 64; 256 is about 2 s of the most this box answers (R4: ~540/s), so what is admitted is
   * answered well within the publish deadline.
   */
  ORDER_API_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(100_000).default(256),
  /**
   * Orders that may wait for the broker at once; beyond it a POST is answered 503 at once (nothing sent)
   * instead of holding memory and answering late. At 100 orders/s, 10 000 is the publish timeout's worth.
   */
  ORDER_API_SEND_QUEUE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
  /**
   * How long a request waits for a concurrent request with the same key before answering 409: enough for
   * a double submit to get the first one's answer, short enough that the 409 (Retry-After 1) comes well
   * within a client's timeout on a busy instance (10 s answered after 13.6 s on a just-restarted one).
   */
  ORDER_API_IDEMPOTENCY_WAIT_MS: z.coerce.number().int().positive().default(5_000),
  /**
   * The gRPC server's port (orderflow.order.v1.OrderService, health, reflection); 0 takes a free one at
   * start (tests), which startOrderApi reports as `grpcAddress`.
   */
  ORDER_GRPC_PORT: z.coerce.number().int().min(0).max(65_535).default(50_051),
  /** The gRPC server's interface: loopback unless told otherwise, like the HTTP server. */
  ORDER_GRPC_HOST: z.string().min(1).default('127.0.0.1'),
  /** Status views live this long after their last update: longer than the DLQ retention (30 days). */
  ORDER_API_STATUS_TTL_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(35 * DAY_SECONDS),
});

/** Room in a lease after the publish deadline: the status view and the key's answer are stored then. */
const PUBLISH_MARGIN_MS = 5_000;

export interface OrderApiConfig {
  runtime: RuntimeConfig;
  bodyLimitBytes: number;
  publishTimeoutMs: number;
  sendQueueLimit: number;
  maxOrdersInFlight: number;
  idempotency: { ttlSeconds: number; leaseMs: number; waitMs: number };
  statusTtlSeconds: number;
  /**
   * `drainMs`: how long a stopping server lets its calls in flight finish. A delivery being marked waits
   * for the broker at most the publish timeout, then stores its view: the same room a lease leaves.
   */
  grpc: { host: string; port: number; drainMs: number };
}

/** Reads and validates the order API's settings once; a bad value stops the boot, naming its key. */
export const readOrderApiConfig = (env: Record<string, string | undefined> = process.env): OrderApiConfig => {
  const { runtime, settings } = readServiceConfig(orderApiEnvSchema, env, ORDER_API_SERVICE);
  if (settings.ORDER_API_IDEMPOTENCY_LEASE_MS < settings.ORDER_API_PUBLISH_TIMEOUT_MS + PUBLISH_MARGIN_MS) {
    const key = 'ORDER_API_IDEMPOTENCY_LEASE_MS';
    throw new OrderflowError(
      'CONFIG_INVALID',
      `${key} must be at least ORDER_API_PUBLISH_TIMEOUT_MS + ${PUBLISH_MARGIN_MS} ms, so a publish still running keeps its key; raise it or lower the publish timeout.`,
      { context: { key, value: env[key] } },
    );
  }
  return {
    runtime,
    bodyLimitBytes: settings.ORDER_API_BODY_LIMIT_BYTES,
    publishTimeoutMs: settings.ORDER_API_PUBLISH_TIMEOUT_MS,
    sendQueueLimit: settings.ORDER_API_SEND_QUEUE_LIMIT,
    maxOrdersInFlight: settings.ORDER_API_MAX_IN_FLIGHT,
    idempotency: {
      ttlSeconds: settings.ORDER_API_IDEMPOTENCY_TTL_SECONDS,
      leaseMs: settings.ORDER_API_IDEMPOTENCY_LEASE_MS,
      waitMs: settings.ORDER_API_IDEMPOTENCY_WAIT_MS,
    },
    statusTtlSeconds: settings.ORDER_API_STATUS_TTL_SECONDS,
    grpc: {
      host: settings.ORDER_GRPC_HOST,
      port: settings.ORDER_GRPC_PORT,
      drainMs: settings.ORDER_API_PUBLISH_TIMEOUT_MS + PUBLISH_MARGIN_MS,
    },
  };
};
