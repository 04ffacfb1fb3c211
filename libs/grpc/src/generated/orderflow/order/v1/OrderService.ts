// Original file: protos/orderflow/order/v1/order_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { GetOrderRequest as _orderflow_order_v1_GetOrderRequest, GetOrderRequest__Output as _orderflow_order_v1_GetOrderRequest__Output } from '../../../orderflow/order/v1/GetOrderRequest';
import type { GetOrderResponse as _orderflow_order_v1_GetOrderResponse, GetOrderResponse__Output as _orderflow_order_v1_GetOrderResponse__Output } from '../../../orderflow/order/v1/GetOrderResponse';
import type { MarkDeliveryStartedRequest as _orderflow_order_v1_MarkDeliveryStartedRequest, MarkDeliveryStartedRequest__Output as _orderflow_order_v1_MarkDeliveryStartedRequest__Output } from '../../../orderflow/order/v1/MarkDeliveryStartedRequest';
import type { MarkDeliveryStartedResponse as _orderflow_order_v1_MarkDeliveryStartedResponse, MarkDeliveryStartedResponse__Output as _orderflow_order_v1_MarkDeliveryStartedResponse__Output } from '../../../orderflow/order/v1/MarkDeliveryStartedResponse';
import type { WatchOrderRequest as _orderflow_order_v1_WatchOrderRequest, WatchOrderRequest__Output as _orderflow_order_v1_WatchOrderRequest__Output } from '../../../orderflow/order/v1/WatchOrderRequest';
import type { WatchOrderResponse as _orderflow_order_v1_WatchOrderResponse, WatchOrderResponse__Output as _orderflow_order_v1_WatchOrderResponse__Output } from '../../../orderflow/order/v1/WatchOrderResponse';
import type { WatchOrdersRequest as _orderflow_order_v1_WatchOrdersRequest, WatchOrdersRequest__Output as _orderflow_order_v1_WatchOrdersRequest__Output } from '../../../orderflow/order/v1/WatchOrdersRequest';
import type { WatchOrdersResponse as _orderflow_order_v1_WatchOrdersResponse, WatchOrdersResponse__Output as _orderflow_order_v1_WatchOrdersResponse__Output } from '../../../orderflow/order/v1/WatchOrdersResponse';

export interface OrderServiceClient extends grpc.Client {
  GetOrder(argument: _orderflow_order_v1_GetOrderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orderflow_order_v1_GetOrderResponse__Output>): grpc.ClientUnaryCall;
  GetOrder(argument: _orderflow_order_v1_GetOrderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orderflow_order_v1_GetOrderResponse__Output>): grpc.ClientUnaryCall;
  GetOrder(argument: _orderflow_order_v1_GetOrderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orderflow_order_v1_GetOrderResponse__Output>): grpc.ClientUnaryCall;
  GetOrder(argument: _orderflow_order_v1_GetOrderRequest, callback: grpc.requestCallback<_orderflow_order_v1_GetOrderResponse__Output>): grpc.ClientUnaryCall;
  getOrder(argument: _orderflow_order_v1_GetOrderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orderflow_order_v1_GetOrderResponse__Output>): grpc.ClientUnaryCall;
  getOrder(argument: _orderflow_order_v1_GetOrderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orderflow_order_v1_GetOrderResponse__Output>): grpc.ClientUnaryCall;
  getOrder(argument: _orderflow_order_v1_GetOrderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orderflow_order_v1_GetOrderResponse__Output>): grpc.ClientUnaryCall;
  getOrder(argument: _orderflow_order_v1_GetOrderRequest, callback: grpc.requestCallback<_orderflow_order_v1_GetOrderResponse__Output>): grpc.ClientUnaryCall;
  
  MarkDeliveryStarted(argument: _orderflow_order_v1_MarkDeliveryStartedRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orderflow_order_v1_MarkDeliveryStartedResponse__Output>): grpc.ClientUnaryCall;
  MarkDeliveryStarted(argument: _orderflow_order_v1_MarkDeliveryStartedRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orderflow_order_v1_MarkDeliveryStartedResponse__Output>): grpc.ClientUnaryCall;
  MarkDeliveryStarted(argument: _orderflow_order_v1_MarkDeliveryStartedRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orderflow_order_v1_MarkDeliveryStartedResponse__Output>): grpc.ClientUnaryCall;
  MarkDeliveryStarted(argument: _orderflow_order_v1_MarkDeliveryStartedRequest, callback: grpc.requestCallback<_orderflow_order_v1_MarkDeliveryStartedResponse__Output>): grpc.ClientUnaryCall;
  markDeliveryStarted(argument: _orderflow_order_v1_MarkDeliveryStartedRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orderflow_order_v1_MarkDeliveryStartedResponse__Output>): grpc.ClientUnaryCall;
  markDeliveryStarted(argument: _orderflow_order_v1_MarkDeliveryStartedRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orderflow_order_v1_MarkDeliveryStartedResponse__Output>): grpc.ClientUnaryCall;
  markDeliveryStarted(argument: _orderflow_order_v1_MarkDeliveryStartedRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orderflow_order_v1_MarkDeliveryStartedResponse__Output>): grpc.ClientUnaryCall;
  markDeliveryStarted(argument: _orderflow_order_v1_MarkDeliveryStartedRequest, callback: grpc.requestCallback<_orderflow_order_v1_MarkDeliveryStartedResponse__Output>): grpc.ClientUnaryCall;
  
  WatchOrder(argument: _orderflow_order_v1_WatchOrderRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_orderflow_order_v1_WatchOrderResponse__Output>;
  WatchOrder(argument: _orderflow_order_v1_WatchOrderRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_orderflow_order_v1_WatchOrderResponse__Output>;
  watchOrder(argument: _orderflow_order_v1_WatchOrderRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_orderflow_order_v1_WatchOrderResponse__Output>;
  watchOrder(argument: _orderflow_order_v1_WatchOrderRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_orderflow_order_v1_WatchOrderResponse__Output>;
  
  WatchOrders(argument: _orderflow_order_v1_WatchOrdersRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_orderflow_order_v1_WatchOrdersResponse__Output>;
  WatchOrders(argument: _orderflow_order_v1_WatchOrdersRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_orderflow_order_v1_WatchOrdersResponse__Output>;
  watchOrders(argument: _orderflow_order_v1_WatchOrdersRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_orderflow_order_v1_WatchOrdersResponse__Output>;
  watchOrders(argument: _orderflow_order_v1_WatchOrdersRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_orderflow_order_v1_WatchOrdersResponse__Output>;
  
}

export interface OrderServiceHandlers extends grpc.UntypedServiceImplementation {
  GetOrder: grpc.handleUnaryCall<_orderflow_order_v1_GetOrderRequest__Output, _orderflow_order_v1_GetOrderResponse>;
  
  MarkDeliveryStarted: grpc.handleUnaryCall<_orderflow_order_v1_MarkDeliveryStartedRequest__Output, _orderflow_order_v1_MarkDeliveryStartedResponse>;
  
  WatchOrder: grpc.handleServerStreamingCall<_orderflow_order_v1_WatchOrderRequest__Output, _orderflow_order_v1_WatchOrderResponse>;
  
  WatchOrders: grpc.handleServerStreamingCall<_orderflow_order_v1_WatchOrdersRequest__Output, _orderflow_order_v1_WatchOrdersResponse>;
  
}

export interface OrderServiceDefinition extends grpc.ServiceDefinition {
  GetOrder: MethodDefinition<_orderflow_order_v1_GetOrderRequest, _orderflow_order_v1_GetOrderResponse, _orderflow_order_v1_GetOrderRequest__Output, _orderflow_order_v1_GetOrderResponse__Output>
  MarkDeliveryStarted: MethodDefinition<_orderflow_order_v1_MarkDeliveryStartedRequest, _orderflow_order_v1_MarkDeliveryStartedResponse, _orderflow_order_v1_MarkDeliveryStartedRequest__Output, _orderflow_order_v1_MarkDeliveryStartedResponse__Output>
  WatchOrder: MethodDefinition<_orderflow_order_v1_WatchOrderRequest, _orderflow_order_v1_WatchOrderResponse, _orderflow_order_v1_WatchOrderRequest__Output, _orderflow_order_v1_WatchOrderResponse__Output>
  WatchOrders: MethodDefinition<_orderflow_order_v1_WatchOrdersRequest, _orderflow_order_v1_WatchOrdersResponse, _orderflow_order_v1_WatchOrdersRequest__Output, _orderflow_order_v1_WatchOrdersResponse__Output>
}
