import type { MissingLine } from '@orderflow/contracts';

/** Where an order stands, as GET /orders/:id shows it. */
export const ORDER_STATUSES = [
  'PENDING',
  'RESERVED',
  'PAID',
  'CONFIRMED',
  'DELIVERY_STARTED',
  'REJECTED',
  'PAYMENT_FAILED',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** After these nothing changes: a watch of the order ends there. CONFIRMED moves on to DELIVERY_STARTED. */
export const FINAL_STATUSES: ReadonlySet<OrderStatus> = new Set([
  'DELIVERY_STARTED',
  'REJECTED',
  'PAYMENT_FAILED',
]);

/**
 * The follow-ups of one order arrive on different topics, which Kafka does not order relative to each other
 * (payment.completed can overtake inventory.reserved), so the view only ever moves to a higher rank. The
 * three outcomes share a rank: once an order is confirmed, rejected or failed, no event changes that. Only
 * MarkDeliveryStarted (a command, not an event) goes above, and only from PAID or CONFIRMED: the update
 * requires those (StatusUpdate.requires), so a rejected order never starts delivery.
 */
export const STATUS_RANK = {
  PENDING: 0,
  RESERVED: 1,
  PAID: 2,
  CONFIRMED: 3,
  DELIVERY_STARTED: 4,
  REJECTED: 3,
  PAYMENT_FAILED: 3,
} as const satisfies Record<OrderStatus, number>;

/**
 * The REJECTED reason shown to the customer: inventory's short reason plus what was short, e.g.
 * `insufficient stock: A (requested 5, available 3)`. Inventory leaves the lines out of `reason`.
 */
export const summariseRejection = (reason: string, missing: MissingLine[]): string => {
  if (missing.length === 0) return reason;
  const lines = missing.map(
    (line) => `${line.sku} (requested ${line.requested}, available ${line.available})`,
  );
  return `${reason}: ${lines.join(', ')}`;
};
