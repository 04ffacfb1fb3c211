import type { ServiceIdentity } from '@orderflow/service-runtime';

/** The inventory service as config, logs and `orderflow start` know it. */
export const INVENTORY_SERVICE = {
  name: 'inventory',
  group: 'inventory',
  portVariable: 'INVENTORY_PORT',
  defaultPort: 3101,
  script: 'consumers/inventory/dist/main.js',
} as const satisfies ServiceIdentity;
