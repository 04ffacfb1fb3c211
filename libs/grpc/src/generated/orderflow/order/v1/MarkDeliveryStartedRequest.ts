// Original file: protos/orderflow/order/v1/order_service.proto


export interface MarkDeliveryStartedRequest {
  'orderId'?: (string);
}

export interface MarkDeliveryStartedRequest__Output {
  'orderId': (string);
}
