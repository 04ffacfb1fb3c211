import type { ServiceIdentity } from '@orderflow/service-runtime';

/** The order-api service as config, logs and `orderflow start` know it. */
export const ORDER_API_SERVICE = {
  name: 'order-api',
  group: 'order-api',
  portVariable: 'ORDER_API_PORT',
  defaultPort: 3000,
  script: 'producers/order-api/dist/main.js',
} as const satisfies ServiceIdentity;
