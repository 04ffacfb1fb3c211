import { z } from 'zod';

import { readNotificationConfig, type NotificationConfig } from '@orderflow/notification';
import { OrderflowError } from '@orderflow/errors';

import { NOTIFICATION_SENDER_SERVICE } from './notification-sender.identity';

export interface NotificationSenderConfig extends NotificationConfig {
  /** Jobs one worker holds unacknowledged at most (the AMQP prefetch): its bound on in-flight sends. */
  prefetch: number;
}

const senderEnvSchema = z.object({
  NOTIFICATION_SENDER_PREFETCH: z.coerce.number().int().min(1).max(1_000).default(16),
});

/** The sender settings notification used to read (sink, channel, order service), plus the worker's own. */
export const readNotificationSenderConfig = (
  env: Record<string, string | undefined> = process.env,
): NotificationSenderConfig => {
  const parsed = senderEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new OrderflowError(
      'CONFIG_INVALID',
      `NOTIFICATION_SENDER_PREFETCH is invalid (${parsed.error.message}).`,
      {
        context: { key: 'NOTIFICATION_SENDER_PREFETCH', value: env.NOTIFICATION_SENDER_PREFETCH },
      },
    );
  }
  return {
    ...readNotificationConfig(env, NOTIFICATION_SENDER_SERVICE),
    prefetch: parsed.data.NOTIFICATION_SENDER_PREFETCH,
  };
};
