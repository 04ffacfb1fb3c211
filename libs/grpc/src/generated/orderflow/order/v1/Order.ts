// Original file: protos/orderflow/order/v1/order_service.proto

import type { OrderStatus as _orderflow_order_v1_OrderStatus, OrderStatus__Output as _orderflow_order_v1_OrderStatus__Output } from '../../../orderflow/order/v1/OrderStatus';
import type { OrderItem as _orderflow_order_v1_OrderItem, OrderItem__Output as _orderflow_order_v1_OrderItem__Output } from '../../../orderflow/order/v1/OrderItem';
import type { Long } from '@grpc/proto-loader';

export interface Order {
  'orderId'?: (string);
  'status'?: (_orderflow_order_v1_OrderStatus);
  'reason'?: (string);
  'customerId'?: (string);
  'totalCents'?: (number | string | Long);
  'currency'?: (string);
  'items'?: (_orderflow_order_v1_OrderItem)[];
  'updatedAt'?: (string);
  '_totalCents'?: "totalCents";
}

export interface Order__Output {
  'orderId': (string);
  'status': (_orderflow_order_v1_OrderStatus__Output);
  'reason': (string);
  'customerId': (string);
  'totalCents'?: (string);
  'currency': (string);
  'items': (_orderflow_order_v1_OrderItem__Output)[];
  'updatedAt': (string);
  '_totalCents'?: "totalCents";
}
