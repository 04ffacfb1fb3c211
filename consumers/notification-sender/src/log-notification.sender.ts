import type { Logger } from '@orderflow/logging';

import type { NotificationSender } from './notification-sender';
import type { Notification } from '@orderflow/notification';

/** Writes each notification to the service's JSON log as a `notification.delivered` line. */
export class LogNotificationSender implements NotificationSender {
  constructor(private readonly logger: Logger) {}

  send(notification: Notification): Promise<void> {
    this.logger.info('notification.delivered', { notification });
    return Promise.resolve();
  }
}
