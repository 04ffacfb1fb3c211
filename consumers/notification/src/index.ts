import { startService, type RunningService, type ServiceStartOptions } from '@orderflow/service-runtime';

import { readNotificationConfig, type NotificationConfig } from './notification.config';
import { NotificationModule, type NotificationModuleOptions } from './notification.module';

export {
  readNotificationConfig,
  type NotificationConfig,
  type NotificationSettings,
} from './notification.config';
export { NOTIFICATION_SERVICE } from './notification.identity';
export { NotificationModule, type NotificationModuleOptions } from './notification.module';
export type { NotificationSender } from './notification-sender';
export { NOTIFICATION_SENDER } from './notification.tokens';
export type { Notification, SentNotification } from './notification.types';

/**
 * Starts the notification service (consumer group `notification`), its config read from process.env unless
 * given; end-to-end tests pass a config with a test topic prefix, and may pass a sender that captures what
 * is sent or a topics declaration with short retry tiers.
 */
export const startNotification = ({
  config = readNotificationConfig(),
  topics,
  ...moduleOptions
}: ServiceStartOptions<NotificationConfig, NotificationModuleOptions> = {}): Promise<RunningService> =>
  startService({
    topics,
    module: NotificationModule.forRoot(config, moduleOptions),
    runtime: config.runtime,
  });
