import type { InventoryRejected, PaymentCompleted, PaymentFailed } from '@orderflow/contracts';

import { composeNotification } from '../../notification-sender/src/notification-message';
import { confirmedRequest, paymentFailedRequest, rejectedRequest } from './notification-requests';

const completed: PaymentCompleted = {
  eventId: 'e-1',
  occurredAt: 1,
  orderId: 'order-1',
  customerId: 'customer-1',
  paymentId: 'pay-1',
  amountCents: 1234,
  currency: 'EUR',
};

const failed: PaymentFailed = {
  eventId: 'e-2',
  occurredAt: 2,
  orderId: 'order-2',
  customerId: 'customer-2',
  paymentId: null,
  reason: 'card declined',
  amountCents: 500,
  currency: 'USD',
};

const rejected: InventoryRejected = {
  eventId: 'e-3',
  occurredAt: 3,
  orderId: 'order-3',
  customerId: 'customer-3',
  missing: [
    { sku: 'SKU-1', requested: 2, available: 1 },
    { sku: 'SKU-9', requested: 1, available: 0 },
  ],
  reason: 'insufficient stock',
};

describe('what each outcome tells the customer', () => {
  it('payment.completed → ORDER_CONFIRMED to the paying customer', () => {
    const notification = composeNotification(confirmedRequest(completed), 'EMAIL');
    expect(notification).toMatchObject({
      orderId: 'order-1',
      kind: 'ORDER_CONFIRMED',
      channel: 'EMAIL',
      recipient: 'customer-1',
      subject: 'Order order-1 is confirmed',
    });
    expect(notification.body).toContain('12.34 EUR');
    expect(notification.body).toContain('pay-1');
  });

  it('payment.failed → PAYMENT_FAILED with the gateway reason', () => {
    const notification = composeNotification(paymentFailedRequest(failed), 'PUSH');
    expect(notification).toMatchObject({
      orderId: 'order-2',
      kind: 'PAYMENT_FAILED',
      channel: 'PUSH',
      recipient: 'customer-2',
    });
    expect(notification.body).toContain('5.00 USD');
    expect(notification.body).toContain('card declined');
  });

  it('inventory.rejected → ORDER_REJECTED naming the short items', () => {
    const request = rejectedRequest(rejected);
    expect(request).toEqual({
      kind: 'ORDER_REJECTED',
      orderId: 'order-3',
      customerId: 'customer-3',
      reason: 'insufficient stock',
      missingSkus: ['SKU-1', 'SKU-9'],
    });
    const notification = composeNotification(request, 'EMAIL');
    expect(notification).toMatchObject({ kind: 'ORDER_REJECTED', recipient: 'customer-3' });
    expect(notification.body).toContain('insufficient stock: SKU-1, SKU-9');
    expect(notification.body).toContain('not been charged');
  });
});
