export { fromMetadata, METADATA_KEY, toMetadata, type CallMetadata } from './call-metadata';
export { fromGrpcError, statusName, toGrpcStatus } from './grpc-errors';
export {
  orderServiceGrpcOptions,
  resolveGrpcPort,
  type GrpcHealth,
  type GrpcServerSettings,
} from './grpc-server';
export { OrderServiceClientChannel, type CallSettings } from './order-service.client';
export { checkProtoBreaking, lintProtos, type ProtoCheckResult } from './proto-breaking';
export { generateProtoTypes, generatedProtoTypesDir } from './proto-codegen';
export { ORDER_SERVICE_NAME, ORDER_SERVICE_PACKAGE, ORDER_SERVICE_PROTO, protoDirs } from './proto-files';
export type { Order__Output as GrpcOrder } from './generated/orderflow/order/v1/Order';
export type { OrderStatus__Output as GrpcOrderStatus } from './generated/orderflow/order/v1/OrderStatus';
export type { OrderServiceHandlers } from './generated/orderflow/order/v1/OrderService';
export { GrpcErrorsFilter, streamToCall } from './grpc-nest';
export type { GetOrderRequest__Output as GetOrderRequest } from './generated/orderflow/order/v1/GetOrderRequest';
export type { GetOrderResponse } from './generated/orderflow/order/v1/GetOrderResponse';
export type { MarkDeliveryStartedRequest__Output as MarkDeliveryStartedRequest } from './generated/orderflow/order/v1/MarkDeliveryStartedRequest';
export type { MarkDeliveryStartedResponse } from './generated/orderflow/order/v1/MarkDeliveryStartedResponse';
export type { Order as GrpcOrderMessage } from './generated/orderflow/order/v1/Order';
export type { WatchOrderRequest__Output as WatchOrderRequest } from './generated/orderflow/order/v1/WatchOrderRequest';
export type { WatchOrderResponse } from './generated/orderflow/order/v1/WatchOrderResponse';
export type { WatchOrdersRequest__Output as WatchOrdersRequest } from './generated/orderflow/order/v1/WatchOrdersRequest';
export type { WatchOrdersResponse } from './generated/orderflow/order/v1/WatchOrdersResponse';
export { checkGrpcHealth } from './grpc-health.client';
