/** The NotificationSender: the configured sink unless `startNotificationSender({ sender })` passes another. */
export const NOTIFICATION_SENDER = Symbol('orderflow:notification-sender');

/** The reused gRPC channel to the order service (OrderServiceClientChannel). */
export const ORDER_SERVICE_CHANNEL = Symbol('orderflow:order-service-channel');

/** The service's NotificationConfig. */
export const NOTIFICATION_CONFIG = Symbol('orderflow:notification-config');
