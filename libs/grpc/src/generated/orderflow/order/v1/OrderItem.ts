// Original file: protos/orderflow/order/v1/order_service.proto

import type { Long } from '@grpc/proto-loader';

export interface OrderItem {
  'sku'?: (string);
  'quantity'?: (number);
  'unitPriceCents'?: (number | string | Long);
  '_unitPriceCents'?: "unitPriceCents";
}

export interface OrderItem__Output {
  'sku': (string);
  'quantity': (number);
  'unitPriceCents'?: (string);
  '_unitPriceCents'?: "unitPriceCents";
}
