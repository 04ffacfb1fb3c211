import { join } from 'node:path';

import { z } from 'zod';

import { projectPaths } from '@orderflow/config';
import { readServiceConfig, type RuntimeConfig } from '@orderflow/service-runtime';
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
}

export interface NotificationConfig extends NotificationSettings {
  runtime: RuntimeConfig;
}

const NOTIFICATION_DEFAULTS = {
  sender: 'file',
  channel: 'EMAIL',
  recordTtlDays: 45,
} as const satisfies Omit<NotificationSettings, 'sinkFile'>;

const notificationEnvSchema = z.object({
  NOTIFICATION_SENDER: z.enum(NOTIFICATION_SENDERS).default(NOTIFICATION_DEFAULTS.sender),
  NOTIFICATION_SINK_FILE: z.string().min(1).optional(),
  NOTIFICATION_CHANNEL: z.enum(NOTIFICATION_CHANNELS).default(NOTIFICATION_DEFAULTS.channel),
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
): NotificationConfig => {
  const { runtime, settings } = readServiceConfig(notificationEnvSchema, env, NOTIFICATION_SERVICE);
  return {
    runtime,
    sender: settings.NOTIFICATION_SENDER,
    sinkFile: settings.NOTIFICATION_SINK_FILE ?? join(projectPaths().stackDir, 'notifications.jsonl'),
    channel: settings.NOTIFICATION_CHANNEL,
    recordTtlDays: settings.NOTIFICATION_RECORD_TTL_DAYS,
  };
};
