/** The service's OrderApiConfig, provided by OrderApiModule.forRoot. */
export const ORDER_API_CONFIG = Symbol('orderflow:order-api-config');

/** The gRPC server's grpc.health.v1 status (GrpcHealth), SERVING while the app runs. */
export const ORDER_GRPC_HEALTH = Symbol('orderflow:order-grpc-health');
