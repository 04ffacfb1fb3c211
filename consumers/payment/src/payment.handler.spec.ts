import type { InventoryReserved } from '@orderflow/contracts';

import { PaymentHandler } from './payment.handler';
import type { PaymentService } from './payment.service';
import type { PaymentOutcome, PaymentRequest } from './payment.types';

const reserved: InventoryReserved = {
  eventId: 'reserved-1',
  occurredAt: 1_700_000_000_000,
  orderId: 'o-1',
  customerId: 'c-1',
  lines: [{ sku: 'SKU-A', quantity: 2 }],
  totalCents: 1000,
  currency: 'EUR',
};

const lease = {
  signal: new AbortController().signal,
  fence: { key: 'idempotency:payment:reserved-1', value: 'lease:t', sequence: 1 },
};

const handlerAnswering = (
  outcome: PaymentOutcome,
): { handler: PaymentHandler; requests: PaymentRequest[] } => {
  const requests: PaymentRequest[] = [];
  const service: Pick<PaymentService, 'pay'> = {
    pay: (request) => {
      requests.push(request);
      return Promise.resolve(outcome);
    },
  };
  return { handler: new PaymentHandler(service as PaymentService), requests };
};

describe('PaymentHandler', () => {
  it('charges the reserved total and follows a success with payment.completed, dated when it was recorded (F8)', async () => {
    const { handler, requests } = handlerAnswering({
      status: 'completed',
      paymentId: 'pay-1',
      amountCents: 1000,
      currency: 'EUR',
      recordedAt: 1_700_000_000_900,
    });
    expect(await handler.onInventoryReserved(reserved, lease)).toEqual([
      {
        topic: 'payment.completed',
        key: 'o-1',
        event: { orderId: 'o-1', customerId: 'c-1', paymentId: 'pay-1', amountCents: 1000, currency: 'EUR' },
        occurredAt: 1_700_000_000_900,
      },
    ]);
    expect(requests).toEqual([{ orderId: 'o-1', customerId: 'c-1', amountCents: 1000, currency: 'EUR' }]);
  });

  it('follows a decline with payment.failed carrying the reason', async () => {
    const { handler } = handlerAnswering({
      status: 'failed',
      paymentId: null,
      reason: 'card declined',
      amountCents: 1000,
      currency: 'EUR',
    });
    expect(await handler.onInventoryReserved(reserved, lease)).toEqual([
      {
        topic: 'payment.failed',
        key: 'o-1',
        event: {
          orderId: 'o-1',
          customerId: 'c-1',
          paymentId: null,
          reason: 'card declined',
          amountCents: 1000,
          currency: 'EUR',
        },
      },
    ]);
  });
});
