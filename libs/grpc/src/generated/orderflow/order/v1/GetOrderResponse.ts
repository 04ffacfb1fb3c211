// Original file: protos/orderflow/order/v1/order_service.proto

import type { Order as _orderflow_order_v1_Order, Order__Output as _orderflow_order_v1_Order__Output } from '../../../orderflow/order/v1/Order';

export interface GetOrderResponse {
  'order'?: (_orderflow_order_v1_Order | null);
}

export interface GetOrderResponse__Output {
  'order': (_orderflow_order_v1_Order__Output | null);
}
