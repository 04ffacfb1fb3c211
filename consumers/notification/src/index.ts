export {
  readNotificationConfig,
  type NotificationConfig,
  type NotificationSettings,
} from './notification.config';
export { NotificationModule, type NotificationModuleOptions } from './notification.module';
export { NOTIFICATION_SENDER, type NotificationSender } from './notification-sender';
export type { Notification, SentNotification } from './notification.types';
export { startNotification, type StartNotificationOptions } from './start-notification';
export { NOTIFICATION_SERVICE } from './notification.identity';
