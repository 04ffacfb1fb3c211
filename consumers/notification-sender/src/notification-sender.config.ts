import { z } from 'zod';

import { readNotificationConfig, type NotificationConfig } from '@orderflow/notification';
import { OrderflowError } from '@orderflow/errors';

import { NOTIFICATION_SENDER_SERVICE } from './notification-sender.identity';

export interface NotificationSenderConfig extends NotificationConfig {
  /** Jobs one worker holds unacknowledged at most (the AMQP prefetch): its bound on in-flight sends. */
  prefetch: number;
}

/**
 * A job mostly waits: on Redis, on the order service's MarkDeliveryStarted (which itself waits for an
 * acks=all publish) and on its own acks=all publish, so a worker finishes about prefetch ÷ job latency
 * jobs a second. At 16 it did 30–40 jobs/s in chaos case 16 (jobs 0.3–0.5 s at the median on the loaded
 * box), against 33 orders/s: the queue grew through a 100 000-order soak to 17 326 jobs. At 64 the same
 * latency leaves that rate about four times over.
 */
const DEFAULT_PREFETCH = 64;

const senderEnvSchema = z.object({
  NOTIFICATION_SENDER_PREFETCH: z.coerce.number().int().min(1).max(1_000).default(DEFAULT_PREFETCH),
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
