// Original file: protos/orderflow/order/v1/order_service.proto


export interface WatchOrderRequest {
  'orderId'?: (string);
}

export interface WatchOrderRequest__Output {
  'orderId': (string);
}
