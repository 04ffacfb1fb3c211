import { startService, type RunningService, type ServiceStartOptions } from '@orderflow/service-runtime';

import { readNotificationConfig, type NotificationConfig } from './notification.config';
import { NotificationModule } from './notification.module';

export {
  NOTIFICATION_SENDERS,
  readNotificationConfig,
  type NotificationConfig,
  type NotificationSenderKind,
  type NotificationSettings,
} from './notification.config';
export { NOTIFICATION_SERVICE } from './notification.identity';
export { NotificationModule } from './notification.module';
export { notificationId } from './notification-jobs';
export type {
  Notification,
  NotificationJob,
  NotificationRequest,
  SentNotification,
} from './notification.types';

/**
 * Starts the notification service (consumer group `notification`), its config read from process.env unless
 * given; end-to-end tests pass a config with a test topic prefix, and may pass a topics declaration with
 * short retry tiers.
 */
export const startNotification = ({
  config = readNotificationConfig(),
  topics,
}: ServiceStartOptions<NotificationConfig> = {}): Promise<RunningService> =>
  startService({
    topics,
    module: NotificationModule.forRoot(config),
    runtime: config.runtime,
  });
