import { checkGrpcHealth, orderServiceGrpcOptions, resolveGrpcPort } from '@orderflow/grpc';
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
export { FINAL_STATUSES, ORDER_STATUSES, type OrderStatus } from './order-status';

export interface RunningOrderApi extends RunningService {
  /** host:port of the gRPC server (orderflow.order.v1.OrderService). */
  grpcAddress: string;
}

// Short: readiness is polled, and a gRPC server that cannot answer its own health check in a second is not ready.
const GRPC_READINESS_TIMEOUT_MS = 1_000;

/**
 * Starts the order API, three transports in one Nest app: HTTP, the consumer group `order-api` and gRPC
 * (ORDER_GRPC_PORT), both microservices started before HTTP listens, and readiness covering all three.
 * Its config is read from process.env unless given; end-to-end tests pass a config with a test topic
 * prefix and may pass a smaller topics declaration (e.g. one partition, short retry tiers).
 */
export const startOrderApi = async ({
  config = readOrderApiConfig(),
  ...options
}: ServiceStartOptions<OrderApiConfig> = {}): Promise<RunningOrderApi> => {
  const port = await resolveGrpcPort(config.grpc.host, config.grpc.port);
  const grpc = orderServiceGrpcOptions({ host: config.grpc.host, port });
  // A wildcard bind is reached on loopback from here.
  const grpcAddress = `${config.grpc.host === '0.0.0.0' ? '127.0.0.1' : config.grpc.host}:${port}`;
  const running = await startService({
    ...options,
    module: OrderApiModule.forRoot(config, grpc.control),
    runtime: config.runtime,
    producer: { maxQueuedRecords: config.sendQueueLimit, sendTimeoutMs: config.publishTimeoutMs },
    configureApp: (app) => {
      configureOrderApiHttp(app, config);
      app.connectMicroservice(grpc.options, { inheritAppConfig: false });
    },
    readiness: {
      grpc: async () => ({
        address: grpcAddress,
        serving: (await checkGrpcHealth(grpcAddress, GRPC_READINESS_TIMEOUT_MS)).status,
      }),
    },
  });
  return { ...running, grpcAddress };
};
