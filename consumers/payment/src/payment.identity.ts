import type { ServiceIdentity } from '@orderflow/service-runtime';

/** The payment service as config, logs and `orderflow start` know it. */
export const PAYMENT_SERVICE = {
  name: 'payment',
  group: 'payment',
  portVariable: 'PAYMENT_PORT',
  defaultPort: 3102,
  script: 'consumers/payment/dist/main.js',
} as const satisfies ServiceIdentity;
