import type { ServiceIdentity } from '@orderflow/service-runtime';

/** The notification service as config, logs and `orderflow start` know it. */
export const NOTIFICATION_SERVICE = {
  name: 'notification',
  group: 'notification',
  portVariable: 'NOTIFICATION_PORT',
  defaultPort: 3103,
  script: 'consumers/notification/dist/main.js',
} as const satisfies ServiceIdentity;
