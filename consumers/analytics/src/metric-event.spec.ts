import type { OrderCreated, PaymentCompleted } from '@orderflow/contracts';

import { confirmedMetricEvent, createdMetricEvent, isPublished, metricEvent } from './metric-event';

const created: OrderCreated = {
  eventId: 'e-1',
  occurredAt: 1_000,
  orderId: 'o-1',
  customerId: 'c-1',
  items: [{ sku: 'sku-1', quantity: 2, unitPriceCents: 500 }],
  currency: 'EUR',
  totalCents: 1_000,
  channel: 'WEB',
  couponCode: null,
};

const completed: PaymentCompleted = {
  eventId: 'e-2',
  occurredAt: 2_000,
  orderId: 'o-1',
  customerId: 'c-1',
  paymentId: 'p-1',
  amountCents: 1_000,
  currency: 'EUR',
};

describe('metric events', () => {
  it('takes identity and event time from any event', () => {
    expect(metricEvent('reserved', created)).toEqual({
      kind: 'reserved',
      eventId: 'e-1',
      orderId: 'o-1',
      occurredAt: 1_000,
    });
  });

  it('carries the sales channel of order.created', () => {
    expect(createdMetricEvent({ ...created, channel: 'MOBILE' })).toEqual({
      kind: 'ordersCreated',
      eventId: 'e-1',
      orderId: 'o-1',
      occurredAt: 1_000,
      channel: 'MOBILE',
    });
  });

  it('carries the confirmed revenue of payment.completed', () => {
    expect(confirmedMetricEvent(completed)).toEqual({
      kind: 'confirmed',
      eventId: 'e-2',
      orderId: 'o-1',
      occurredAt: 2_000,
      amountCents: 1_000,
      currency: 'EUR',
    });
  });

  it('publishes only the kinds the order-metrics schema carries', () => {
    expect(isPublished('ordersCreated')).toBe(true);
    expect(isPublished('confirmed')).toBe(true);
    expect(isPublished('released')).toBe(false);
    expect(isPublished('notificationsSent')).toBe(false);
    expect(isPublished('deliveriesStarted')).toBe(false);
  });
});
