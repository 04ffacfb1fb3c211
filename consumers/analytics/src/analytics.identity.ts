import type { ServiceIdentity } from '@orderflow/service-runtime';

/** The analytics service as config, logs and `orderflow start` know it. */
export const ANALYTICS_SERVICE = {
  name: 'analytics',
  group: 'analytics',
  portVariable: 'ANALYTICS_PORT',
  defaultPort: 3104,
  script: 'consumers/analytics/dist/main.js',
} as const satisfies ServiceIdentity;
