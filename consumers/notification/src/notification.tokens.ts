/** The service's NotificationConfig, provided by NotificationModule.forRoot. */
export const NOTIFICATION_CONFIG = Symbol('orderflow:notification-config');

/** The NotificationSender: the configured sink unless `startNotification({ sender })` passes another. */
export const NOTIFICATION_SENDER = Symbol('orderflow:notification-sender');

/** The reused gRPC channel to the order service (OrderServiceClientChannel), closed with the module. */
export const ORDER_SERVICE_CHANNEL = Symbol('orderflow:order-service-channel');
