// What other packages use; the rest (status mapping, metadata, proto paths) stays behind these.
export { fromMetadata } from './call-metadata';
export { checkGrpcHealth } from './grpc-health.client';
export { GrpcErrorsFilter, streamToCall } from './grpc-nest';
export { orderServiceGrpcOptions, resolveGrpcPort, type GrpcServerControl } from './grpc-server';
export { OrderServiceClientChannel } from './order-service.client';
// `npm run codegen:proto` calls it on the built package.
export { generateProtoTypes } from './proto-codegen';
export type { GetOrderRequest__Output as GetOrderRequest } from './generated/orderflow/order/v1/GetOrderRequest';
export type { GetOrderResponse } from './generated/orderflow/order/v1/GetOrderResponse';
export type { MarkDeliveryStartedRequest__Output as MarkDeliveryStartedRequest } from './generated/orderflow/order/v1/MarkDeliveryStartedRequest';
export type { MarkDeliveryStartedResponse } from './generated/orderflow/order/v1/MarkDeliveryStartedResponse';
export type { Order as GrpcOrderMessage } from './generated/orderflow/order/v1/Order';
export type { OrderStatus__Output as GrpcOrderStatus } from './generated/orderflow/order/v1/OrderStatus';
export type { WatchOrderRequest__Output as WatchOrderRequest } from './generated/orderflow/order/v1/WatchOrderRequest';
export type { WatchOrderResponse } from './generated/orderflow/order/v1/WatchOrderResponse';
export type { WatchOrdersRequest__Output as WatchOrdersRequest } from './generated/orderflow/order/v1/WatchOrdersRequest';
export type { WatchOrdersResponse } from './generated/orderflow/order/v1/WatchOrdersResponse';
