/** The service's OrderApiConfig, provided by OrderApiModule.forRoot. */
export const ORDER_API_CONFIG = Symbol('orderflow:order-api-config');

/** The gRPC server (GrpcServerControl): SERVING while the app runs, drained when it stops. */
export const ORDER_GRPC_SERVER = Symbol('orderflow:order-grpc-server');
