/** The service's NotificationSettings (from notification.config.ts), provided by NotificationModule.forRoot. */
export const NOTIFICATION_SETTINGS = Symbol('orderflow:notification-settings');
