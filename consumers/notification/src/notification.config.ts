import { join } from 'node:path';

import { z } from 'zod';

import { projectPaths, resolveAmqpUrl } from '@orderflow/config';
import { OrderflowError } from '@orderflow/errors';
import { readServiceConfig, type RuntimeConfig, type ServiceIdentity } from '@orderflow/service-runtime';
import { NOTIFICATION_CHANNELS, type NotificationChannel } from '@orderflow/contracts';

import { NOTIFICATION_SERVICE } from './notification.identity';

export const NOTIFICATION_SENDERS = ['file', 'log'] as const;
export type NotificationSenderKind = (typeof NOTIFICATION_SENDERS)[number];

/** Notification's own settings, on top of the runtime's. */
export interface NotificationSettings {
  /** `file` appends JSON lines to `sinkFile`; `log` writes them to the service log. */
  sender: NotificationSenderKind;
  sinkFile: string;
  /** The channel notifications go out on (the simulated senders reach every customer the same way). */
  channel: NotificationChannel;
  /**
   * How long the record of a sent notification is kept. Must outlast every way an old event can come back
   * (topic retention 7 days, retry tiers, DLQ retention 30 days before a redrive), or the customer is told twice.
   */
  recordTtlDays: number;
  /**
   * The order service's gRPC address (host:port) and each MarkDeliveryStarted call's deadline, retries
   * included: below the handler's deadline, so a hung order service fails the call, not the lease.
   */
  orderService: { address: string; deadlineMs: number };
}

export interface NotificationConfig extends NotificationSettings {
  runtime: RuntimeConfig;
  /** The RabbitMQ the send jobs go through (AMQP_URL, or .stack/env). */
  amqpUrl: string;
  /** How long enqueuing waits for RabbitMQ's confirm: below the handler deadline, like the gRPC call. */
  jobConfirmTimeoutMs: number;
}

const NOTIFICATION_DEFAULTS = {
  sender: 'file',
  channel: 'EMAIL',
  recordTtlDays: 45,
} as const satisfies Omit<NotificationSettings, 'sinkFile' | 'orderService'>;

// Room for the channel's retries of UNAVAILABLE (100 ms doubling to 1 s) and a publish on the other side.
const DEFAULT_ORDER_SERVICE_DEADLINE_MS = 3_000;

const notificationEnvSchema = z.object({
  NOTIFICATION_SENDER: z.enum(NOTIFICATION_SENDERS).default(NOTIFICATION_DEFAULTS.sender),
  NOTIFICATION_SINK_FILE: z.string().min(1).optional(),
  NOTIFICATION_CHANNEL: z.enum(NOTIFICATION_CHANNELS).default(NOTIFICATION_DEFAULTS.channel),
  /** Where order-api serves gRPC; by default the port order-api itself reads (ORDER_GRPC_PORT) on loopback. */
  ORDER_SERVICE_ADDRESS: z
    .string()
    .regex(/^[^\s:]+:\d{1,5}$/, 'expected host:port')
    .optional(),
  // 0 is order-api's "any free port" (tests): those then name the address, or make no call.
  ORDER_GRPC_PORT: z.coerce.number().int().min(0).max(65_535).default(50_051),
  /** Unset: 3 s, or 60% of a shorter handler deadline. */
  NOTIFICATION_ORDER_SERVICE_DEADLINE_MS: z.coerce.number().int().min(100).max(60_000).optional(),
  NOTIFICATION_RECORD_TTL_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3650)
    .default(NOTIFICATION_DEFAULTS.recordTtlDays),
});

/** Everything the notification service needs, read once at start-up; a bad value stops the boot, naming its key. */
export const readNotificationConfig = (
  env: Record<string, string | undefined> = process.env,
  // The notification-sender reads the same sender settings under its own name and port.
  identity: ServiceIdentity = NOTIFICATION_SERVICE,
): NotificationConfig => {
  const { runtime, settings } = readServiceConfig(notificationEnvSchema, env, identity);
  const handlerDeadlineMs = runtime.consumer.handlerDeadlineMs;
  const orderServiceDeadlineMs =
    settings.NOTIFICATION_ORDER_SERVICE_DEADLINE_MS ??
    Math.min(DEFAULT_ORDER_SERVICE_DEADLINE_MS, Math.floor(handlerDeadlineMs * 0.6));
  if (orderServiceDeadlineMs >= handlerDeadlineMs) {
    const key = 'NOTIFICATION_ORDER_SERVICE_DEADLINE_MS';
    throw new OrderflowError(
      'CONFIG_INVALID',
      `${key} must be below the handler deadline (${handlerDeadlineMs} ms), or a hung order service takes the whole lease; lower it.`,
      { context: { key, value: env[key] } },
    );
  }
  return {
    runtime,
    amqpUrl: resolveAmqpUrl(env),
    jobConfirmTimeoutMs: Math.min(10_000, Math.floor(handlerDeadlineMs * 0.6)),
    sender: settings.NOTIFICATION_SENDER,
    sinkFile: settings.NOTIFICATION_SINK_FILE ?? join(projectPaths().stackDir, 'notifications.jsonl'),
    channel: settings.NOTIFICATION_CHANNEL,
    recordTtlDays: settings.NOTIFICATION_RECORD_TTL_DAYS,
    orderService: {
      address: settings.ORDER_SERVICE_ADDRESS ?? `127.0.0.1:${settings.ORDER_GRPC_PORT}`,
      deadlineMs: orderServiceDeadlineMs,
    },
  };
};
