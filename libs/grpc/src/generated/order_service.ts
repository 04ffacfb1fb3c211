import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { OrderServiceClient as _orderflow_order_v1_OrderServiceClient, OrderServiceDefinition as _orderflow_order_v1_OrderServiceDefinition } from './orderflow/order/v1/OrderService';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  orderflow: {
    order: {
      v1: {
        GetOrderRequest: MessageTypeDefinition
        GetOrderResponse: MessageTypeDefinition
        MarkDeliveryStartedRequest: MessageTypeDefinition
        MarkDeliveryStartedResponse: MessageTypeDefinition
        Order: MessageTypeDefinition
        OrderItem: MessageTypeDefinition
        OrderService: SubtypeConstructor<typeof grpc.Client, _orderflow_order_v1_OrderServiceClient> & { service: _orderflow_order_v1_OrderServiceDefinition }
        OrderStatus: EnumTypeDefinition
        WatchOrderRequest: MessageTypeDefinition
        WatchOrderResponse: MessageTypeDefinition
        WatchOrdersRequest: MessageTypeDefinition
        WatchOrdersResponse: MessageTypeDefinition
      }
    }
  }
}

