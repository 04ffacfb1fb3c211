/** The service's NotificationConfig, provided by NotificationModule.forRoot. */
export const NOTIFICATION_CONFIG = Symbol('orderflow:notification-config');

/** The confirmed publisher of send jobs to RabbitMQ, closed with the module. */
export const JOB_PUBLISHER = Symbol('orderflow:job-publisher');

/** The notification.send WorkQueue of queues.yaml, with the runtime's prefix. */
export const SEND_QUEUE = Symbol('orderflow:send-queue');
