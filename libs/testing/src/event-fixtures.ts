import { randomUUID } from 'node:crypto';

import type {
  InventoryRejected,
  InventoryReserved,
  NotificationSent,
  PaymentCompleted,
} from '@orderflow/contracts';

/**
 * Events as their producers write them, for tests of the services that read them: a fresh eventId, now as
 * occurredAt, customer-1 paying 29.99 EUR; `overrides` sets what a test is about. A rejection's reason is
 * inventory's short reason: the short lines travel in `missing` only (test/rejection-text.spec.ts builds
 * one with inventory's own code).
 */
type Fixture<T> = (overrides: Partial<T> & { orderId: string }) => T;

const envelope = (): { eventId: string; occurredAt: number } => ({
  eventId: randomUUID(),
  occurredAt: Date.now(),
});

export const anInventoryReserved: Fixture<InventoryReserved> = (overrides) => ({
  ...envelope(),
  customerId: 'customer-1',
  lines: [{ sku: 'SKU-A', quantity: 1 }],
  totalCents: 2999,
  currency: 'EUR',
  ...overrides,
});

export const anInventoryRejected: Fixture<InventoryRejected> = (overrides) => ({
  ...envelope(),
  customerId: 'customer-1',
  missing: [{ sku: 'SKU-A', requested: 2, available: 1 }],
  reason: 'insufficient stock',
  ...overrides,
});

export const aPaymentCompleted: Fixture<PaymentCompleted> = (overrides) => ({
  ...envelope(),
  customerId: 'customer-1',
  paymentId: `payment-of-${overrides.orderId}`,
  amountCents: 2999,
  currency: 'EUR',
  ...overrides,
});

export const aNotificationSent: Fixture<NotificationSent> = (overrides) => ({
  ...envelope(),
  channel: 'EMAIL',
  kind: 'ORDER_CONFIRMED',
  recipient: 'customer-1',
  ...overrides,
});
