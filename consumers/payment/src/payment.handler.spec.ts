import type { InventoryReserved } from '@orderflow/contracts';
import type { FollowUp, OutboxEvent } from '@orderflow/service-runtime';

import { outcomeEvent, PaymentHandler } from './payment.handler';
import type { PaymentContext, PaymentService } from './payment.service';
import type { PaymentRequest } from './payment.types';

const reserved: InventoryReserved = {
  eventId: 'reserved-1',
  occurredAt: 1_700_000_000_000,
  orderId: 'o-1',
  customerId: 'c-1',
  lines: [{ sku: 'SKU-A', quantity: 2 }],
  totalCents: 1000,
  currency: 'EUR',
};

describe('PaymentHandler', () => {
  it('charges the reserved total in the event group and returns nothing for the runtime to publish', async () => {
    const calls: { request: PaymentRequest; context: PaymentContext }[] = [];
    const service: Pick<PaymentService, 'pay'> = {
      pay: (request, context) => {
        calls.push({ request, context });
        return Promise.resolve({ state: 'duplicate' });
      },
    };
    const encoded: FollowUp[][] = [];
    const context = {
      group: 'payment',
      eventId: 'reserved-1',
      signal: new AbortController().signal,
      outboxEvents: (followUps: readonly FollowUp[]) => {
        encoded.push([...followUps]);
        return Promise.resolve([] as OutboxEvent[]);
      },
    };
    const result = await new PaymentHandler(service as PaymentService).onInventoryReserved(reserved, context);
    expect(result).toBeUndefined();
    expect(calls[0]?.request).toEqual({
      orderId: 'o-1',
      customerId: 'c-1',
      amountCents: 1000,
      currency: 'EUR',
    });
    expect(calls[0]?.context).toMatchObject({ group: 'payment', eventId: 'reserved-1' });
    await calls[0]?.context.announce({
      status: 'completed',
      paymentId: 'pay-1',
      amountCents: 1000,
      currency: 'EUR',
      recordedAt: 1_700_000_000_500,
    });
    expect(encoded[0]?.[0]).toMatchObject({ topic: 'payment.completed', key: 'o-1' });
  });
});

describe('outcomeEvent', () => {
  it('announces a success as payment.completed, dated when it was recorded (F8)', () => {
    const outcome = {
      status: 'completed' as const,
      paymentId: 'pay-1',
      amountCents: 1000,
      currency: 'EUR',
      recordedAt: 1_700_000_000_500,
    };
    expect(outcomeEvent('o-1', 'c-1', outcome)).toEqual({
      topic: 'payment.completed',
      key: 'o-1',
      event: { orderId: 'o-1', customerId: 'c-1', paymentId: 'pay-1', amountCents: 1000, currency: 'EUR' },
      occurredAt: 1_700_000_000_500,
    });
  });

  it('announces a decline as payment.failed with its reason', () => {
    const outcome = {
      status: 'failed' as const,
      paymentId: null,
      reason: 'card declined',
      amountCents: 1000,
      currency: 'EUR',
      recordedAt: 1_700_000_000_500,
    };
    expect(outcomeEvent('o-1', 'c-1', outcome)).toMatchObject({
      topic: 'payment.failed',
      event: { paymentId: null, reason: 'card declined', amountCents: 1000 },
    });
  });
});
