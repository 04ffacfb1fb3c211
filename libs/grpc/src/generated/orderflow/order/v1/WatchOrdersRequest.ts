// Original file: protos/orderflow/order/v1/order_service.proto

import type { OrderStatus as _orderflow_order_v1_OrderStatus, OrderStatus__Output as _orderflow_order_v1_OrderStatus__Output } from '../../../orderflow/order/v1/OrderStatus';

export interface WatchOrdersRequest {
  'statuses'?: (_orderflow_order_v1_OrderStatus)[];
}

export interface WatchOrdersRequest__Output {
  'statuses': (_orderflow_order_v1_OrderStatus__Output)[];
}
