/** The orderflow services `orderflow start` runs, with the HTTP port each reads from its variable. */
export interface ServiceDefinition {
  name: string;
  /** Entry point relative to the checkout, built by `npm run build`. */
  script: string;
  portVariable: string;
  port: number;
}

export const SERVICES: readonly ServiceDefinition[] = [
  {
    name: 'order-api',
    script: 'producers/order-api/dist/main.js',
    portVariable: 'ORDER_API_PORT',
    port: 3000,
  },
  {
    name: 'inventory',
    script: 'consumers/inventory/dist/main.js',
    portVariable: 'INVENTORY_PORT',
    port: 3101,
  },
  { name: 'payment', script: 'consumers/payment/dist/main.js', portVariable: 'PAYMENT_PORT', port: 3102 },
  {
    name: 'notification',
    script: 'consumers/notification/dist/main.js',
    portVariable: 'NOTIFICATION_PORT',
    port: 3103,
  },
  {
    name: 'analytics',
    script: 'consumers/analytics/dist/main.js',
    portVariable: 'ANALYTICS_PORT',
    port: 3104,
  },
];
