import { notificationSent, orderPlaced, inventoryReserved, inventoryRejected } from './order-status.updates';

describe('status updates from events', () => {
  it('writes the whole order from the HTTP path, authoritative', () => {
    const update = orderPlaced({
      eventId: 'e-1',
      occurredAt: 1000,
      orderId: 'o-1',
      customerId: 'c-1',
      items: [{ sku: 'A', quantity: 2, unitPriceCents: 50 }],
      currency: 'EUR',
      totalCents: 100,
      channel: 'MOBILE',
      couponCode: 'WELCOME10',
    });
    expect(update).toEqual({
      orderId: 'o-1',
      status: 'PENDING',
      details: {
        customerId: 'c-1',
        totalCents: 100,
        currency: 'EUR',
        items: [{ sku: 'A', quantity: 2, unitPriceCents: 50 }],
        channel: 'MOBILE',
        couponCode: 'WELCOME10',
      },
      detailsSource: 'order',
      at: 1000,
    });
  });

  it('leaves the coupon out of the view when the order has none (v1 records read as null)', () => {
    const update = orderPlaced({
      eventId: 'e-1',
      occurredAt: 1000,
      orderId: 'o-1',
      customerId: 'c-1',
      items: [{ sku: 'A', quantity: 2, unitPriceCents: 50 }],
      currency: 'EUR',
      totalCents: 100,
      channel: 'UNKNOWN',
      couponCode: null,
    });
    expect(update.details).toMatchObject({ channel: 'UNKNOWN' });
    expect(update.details).not.toHaveProperty('couponCode');
  });

  it('only fills gaps from a follow-up, with what it carries', () => {
    const update = inventoryReserved({
      eventId: 'e-2',
      occurredAt: 2000,
      orderId: 'o-1',
      customerId: 'c-1',
      lines: [{ sku: 'A', quantity: 2 }],
      totalCents: 100,
      currency: 'EUR',
    });
    expect(update).toMatchObject({
      status: 'RESERVED',
      detailsSource: 'follow-up',
      details: { customerId: 'c-1', totalCents: 100, currency: 'EUR', items: [{ sku: 'A', quantity: 2 }] },
    });
  });

  it('summarises a rejection into the reason', () => {
    const update = inventoryRejected({
      eventId: 'e-3',
      occurredAt: 3000,
      orderId: 'o-1',
      customerId: 'c-1',
      missing: [{ sku: 'A', requested: 2, available: 1 }],
      reason: 'insufficient stock',
    });
    expect(update).toMatchObject({
      status: 'REJECTED',
      reason: 'insufficient stock: A (requested 2, available 1)',
    });
  });

  it('confirms on ORDER_CONFIRMED and only records other notifications', () => {
    const sent = {
      eventId: 'n-1',
      occurredAt: 4000,
      orderId: 'o-1',
      channel: 'EMAIL',
      recipient: 'c-1',
    } as const;
    expect(notificationSent({ ...sent, kind: 'ORDER_CONFIRMED' })).toMatchObject({
      status: 'CONFIRMED',
      notification: { eventId: 'n-1', kind: 'ORDER_CONFIRMED', channel: 'EMAIL', sentAt: 4000 },
    });
    expect(notificationSent({ ...sent, kind: 'ORDER_REJECTED' }).status).toBe('PENDING');
  });
});
