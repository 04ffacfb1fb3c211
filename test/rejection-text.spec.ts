import type { InventoryRejected, OrderCreated } from '@orderflow/contracts';

import { InventoryHandler } from '../consumers/inventory/src/inventory.handler';
import { reservationOutcome } from '../consumers/inventory/src/reservation.policy';
import type { ReservationService } from '../consumers/inventory/src/reservation.service';
import type { ReservationRecord } from '../consumers/inventory/src/stock.types';
import { composeNotification } from '../consumers/notification-sender/src/notification-message';
import { rejectedRequest } from '../consumers/notification/src/notification-requests';
import { inventoryRejected } from '../producers/order-api/src/order-status.updates';

// The rejection is written by inventory and rendered by two readers. A fixture typed from the schema's
// doc would hide a reader that repeats what the writer already put in `reason`, so inventory builds it.
const order: OrderCreated = {
  eventId: 'created-1',
  occurredAt: 1_700_000_000_000,
  orderId: 'o-1',
  customerId: 'c-1',
  items: [
    { sku: 'SKU-A', quantity: 2, unitPriceCents: 500 },
    { sku: 'SKU-B', quantity: 1, unitPriceCents: 700 },
  ],
  currency: 'EUR',
  totalCents: 1700,
  channel: 'WEB',
  couponCode: null,
};

const rejectedByInventory = async (): Promise<InventoryRejected> => {
  const record: ReservationRecord = {
    state: 'rejected',
    missing: [{ sku: 'SKU-A', requested: 2, available: 0 }],
    at: 1_700_000_000_400,
  };
  const reservations = { reserve: () => Promise.resolve(reservationOutcome(record)) };
  const [followUp] = (await new InventoryHandler(
    reservations as unknown as ReservationService,
  ).onOrderCreated(order)) ?? [undefined];
  if (followUp?.topic !== 'inventory.rejected') throw new Error('inventory did not reject the order');
  return { eventId: 'rejected-1', occurredAt: 1_700_000_000_400, ...followUp.event } as InventoryRejected;
};

const occurrences = (text: string, part: string): number => text.split(part).length - 1;

describe('a rejected order, as inventory writes it and the customer reads it', () => {
  it('names the short line once in the order status', async () => {
    const { reason } = inventoryRejected(await rejectedByInventory());
    expect(reason).toBe('insufficient stock: SKU-A (requested 2, available 0)');
    expect(occurrences(reason ?? '', 'SKU-A')).toBe(1);
  });

  it('names the short sku once in the notification', async () => {
    const { body } = composeNotification(rejectedRequest(await rejectedByInventory()), 'EMAIL');
    expect(body).toContain('(insufficient stock: SKU-A)');
    expect(occurrences(body, 'SKU-A')).toBe(1);
  });
});
