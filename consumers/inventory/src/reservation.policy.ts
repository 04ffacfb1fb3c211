import { OrderflowError } from '@orderflow/errors';

import type { MissingLine, ReleaseResult, ReservationRecord, StockLine } from './stock.types';

/** What the order's reservation came to, as inventory announces it, and when it was decided (`at`). */
export type ReservationOutcome = (
  { status: 'reserved'; lines: StockLine[] } | { status: 'rejected'; missing: MissingLine[]; reason: string }
) & { at?: number };

const invalid = (orderId: string, problem: string, context: Record<string, unknown> = {}): OrderflowError =>
  new OrderflowError('EVENT_INVALID', `Order ${orderId} cannot be reserved: ${problem}.`, {
    context: { orderId, ...context },
  });

/**
 * The lines to reserve for an order. An order that breaks the contract's invariants (no lines, a quantity
 * below 1, a sku twice) is not a stock problem but a bad event: EVENT_INVALID, which goes to the DLQ.
 */
export const reservationLines = (orderId: string, items: readonly StockLine[]): StockLine[] => {
  if (items.length === 0) throw invalid(orderId, 'it has no lines');
  const seen = new Set<string>();
  for (const { sku, quantity } of items) {
    if (sku.length === 0) throw invalid(orderId, 'a line has an empty sku');
    if (!Number.isInteger(quantity) || quantity < 1) {
      throw invalid(orderId, `${sku} has quantity ${quantity}, expected a whole number of at least 1`, {
        sku,
      });
    }
    if (seen.has(sku)) throw invalid(orderId, `${sku} appears on more than one line`, { sku });
    seen.add(sku);
  }
  return items.map(({ sku, quantity }) => ({ sku, quantity }));
};

/**
 * The schema's short reason. The short lines travel in `missing`, and each reader renders them its own
 * way (the order status with quantities, the notification with skus), so the reason never repeats them.
 */
export const INSUFFICIENT_STOCK = 'insufficient stock';

/**
 * The outcome a reservation record stands for. A released record was a reservation first, so a
 * redelivered order.created still announces `reserved` (the same event, deduplicated downstream).
 */
export const reservationOutcome = (record: ReservationRecord): ReservationOutcome =>
  record.state === 'rejected'
    ? { status: 'rejected', missing: record.missing, reason: INSUFFICIENT_STOCK, at: record.at }
    : { status: 'reserved', lines: record.lines, at: record.at };

/**
 * The lines to announce as released, or undefined for nothing to announce. Announced when this call gave
 * stock back, and also when the same event (`releaseId`) did so before: then the runtime is re-running
 * an event whose follow-up may never have been published (a crash between effect and publish), and the
 * re-published follow-up carries the same deterministic eventId. A release ahead of its reservation (Redis
 * lost the record) is announced with no lines: the failed order's release is in the log, and nothing was
 * given back. Any other event about an order already released or rejected announces nothing.
 */
export const linesToAnnounce = (result: ReleaseResult, releaseId: string): StockLine[] | undefined => {
  if (result.record.state !== 'released') return undefined;
  if (result.change !== 'unchanged' || result.record.releasedBy === releaseId) return result.record.lines;
  return undefined;
};
