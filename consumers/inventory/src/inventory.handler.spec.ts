import type { OrderCreated, PaymentFailed } from '@orderflow/contracts';

import { InventoryHandler } from './inventory.handler';
import type { ReservationOutcome } from './reservation.policy';
import type { ReservationService } from './reservation.service';
import type { StockLine } from './stock.types';

const order: OrderCreated = {
  eventId: 'created-1',
  occurredAt: 1_700_000_000_000,
  orderId: 'o-1',
  customerId: 'c-1',
  items: [{ sku: 'SKU-A', quantity: 2, unitPriceCents: 500 }],
  currency: 'EUR',
  totalCents: 1000,
  channel: 'WEB',
  couponCode: null,
};

const paymentFailed: PaymentFailed = {
  eventId: 'failed-1',
  occurredAt: 1_700_000_001_000,
  orderId: 'o-1',
  customerId: 'c-1',
  paymentId: null,
  reason: 'card declined',
  amountCents: 1000,
  currency: 'EUR',
};

const handlerWith = (service: Partial<ReservationService>): InventoryHandler =>
  new InventoryHandler(service as ReservationService);

describe('InventoryHandler', () => {
  it('follows a reservation with inventory.reserved carrying what payment needs, dated by the reservation (F8)', async () => {
    const outcome: ReservationOutcome = {
      status: 'reserved',
      lines: [{ sku: 'SKU-A', quantity: 2 }],
      at: 1_700_000_000_400,
    };
    const handler = handlerWith({ reserve: () => Promise.resolve(outcome) });
    expect(await handler.onOrderCreated(order)).toEqual([
      {
        topic: 'inventory.reserved',
        key: 'o-1',
        event: { orderId: 'o-1', customerId: 'c-1', lines: outcome.lines, totalCents: 1000, currency: 'EUR' },
        occurredAt: 1_700_000_000_400,
      },
    ]);
  });

  it('follows a rejection with inventory.rejected carrying the missing lines', async () => {
    const missing = [{ sku: 'SKU-A', requested: 2, available: 1 }];
    const handler = handlerWith({
      reserve: () => Promise.resolve({ status: 'rejected', missing, reason: 'insufficient stock' }),
    });
    expect(await handler.onOrderCreated(order)).toEqual([
      {
        topic: 'inventory.rejected',
        key: 'o-1',
        event: { orderId: 'o-1', customerId: 'c-1', missing, reason: 'insufficient stock' },
      },
    ]);
  });

  it('follows a release with inventory.released, and emits nothing when nothing was released', async () => {
    const lines: StockLine[] = [{ sku: 'SKU-A', quantity: 2 }];
    const releasing = handlerWith({ release: () => Promise.resolve({ lines }) });
    expect(await releasing.onPaymentFailed(paymentFailed)).toEqual([
      {
        topic: 'inventory.released',
        key: 'o-1',
        event: { orderId: 'o-1', lines, reason: 'payment failed: card declined' },
      },
    ]);
    const idle = handlerWith({ release: () => Promise.resolve(undefined) });
    expect(await idle.onPaymentFailed(paymentFailed)).toEqual([]);
  });
});
