import type { Logger } from '@orderflow/logging';

import { FileNotificationSender } from './file-notification.sender';
import { LogNotificationSender } from './log-notification.sender';
import type { NotificationSettings } from '@orderflow/notification';
import type { NotificationSender } from './notification-sender';

/** The sender NOTIFICATION_SENDER selects. */
export const createNotificationSender = (
  settings: Pick<NotificationSettings, 'sender' | 'sinkFile'>,
  logger: Logger,
): NotificationSender => {
  switch (settings.sender) {
    case 'file':
      return new FileNotificationSender(settings.sinkFile);
    case 'log':
      return new LogNotificationSender(logger);
  }
};
