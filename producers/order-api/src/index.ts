import { startService, type RunningService, type ServiceStartOptions } from '@orderflow/service-runtime';

import { readOrderApiConfig, type OrderApiConfig } from './order-api.config';
import { configureOrderApiHttp } from './order-api.http';
import { OrderApiModule } from './order-api.module';

export { readOrderApiConfig, type OrderApiConfig } from './order-api.config';
export { configureOrderApiHttp } from './order-api.http';
export { ORDER_API_SERVICE } from './order-api.identity';
export { OrderApiModule } from './order-api.module';
export type { AcceptedOrder } from './idempotency-decision';
export type { OrderStatusView } from './order-status.repository';
export { ORDER_STATUSES, type OrderStatus } from './order-status';

/**
 * Starts the order API (HTTP and consumer group `order-api`), its config read from process.env unless given;
 * end-to-end tests pass a config with a test topic prefix and may pass a smaller topics declaration (e.g.
 * one partition, short retry tiers).
 */
export const startOrderApi = ({
  config = readOrderApiConfig(),
  ...options
}: ServiceStartOptions<OrderApiConfig> = {}): Promise<RunningService> =>
  startService({
    ...options,
    module: OrderApiModule.forRoot(config),
    runtime: config.runtime,
    producer: { maxQueuedRecords: config.sendQueueLimit, sendTimeoutMs: config.publishTimeoutMs },
    configureApp: (app) => configureOrderApiHttp(app, config),
  });
