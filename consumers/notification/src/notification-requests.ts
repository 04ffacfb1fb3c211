import type { InventoryRejected, PaymentCompleted, PaymentFailed } from '@orderflow/contracts';

import type { NotificationRequest } from './notification.types';

/** payment.completed: the order is confirmed. */
export const confirmedRequest = (event: PaymentCompleted): NotificationRequest => ({
  kind: 'ORDER_CONFIRMED',
  orderId: event.orderId,
  customerId: event.customerId,
  paymentId: event.paymentId,
  amountCents: event.amountCents,
  currency: event.currency,
});

/** inventory.rejected: the order cannot be served. */
export const rejectedRequest = (event: InventoryRejected): NotificationRequest => ({
  kind: 'ORDER_REJECTED',
  orderId: event.orderId,
  customerId: event.customerId,
  reason: event.reason,
  missingSkus: event.missing.map((line) => line.sku),
});

/** payment.failed: the customer was not charged and the order is off. */
export const paymentFailedRequest = (event: PaymentFailed): NotificationRequest => ({
  kind: 'PAYMENT_FAILED',
  orderId: event.orderId,
  customerId: event.customerId,
  reason: event.reason,
  amountCents: event.amountCents,
  currency: event.currency,
});
