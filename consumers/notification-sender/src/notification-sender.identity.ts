import type { ServiceIdentity } from '@orderflow/service-runtime';

/**
 * The notification-sender worker as config, logs and `orderflow start` know it. `group` names its
 * idempotency records in Redis; it reads no Kafka topic (its work comes from RabbitMQ).
 */
export const NOTIFICATION_SENDER_SERVICE = {
  name: 'notification-sender',
  group: 'notification-sender',
  portVariable: 'NOTIFICATION_SENDER_PORT',
  defaultPort: 3105,
  script: 'consumers/notification-sender/dist/main.js',
} as const satisfies ServiceIdentity;
