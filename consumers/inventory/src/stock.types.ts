/** One sku of an order and how many units of it. */
export interface StockLine {
  sku: string;
  quantity: number;
}

/** A line that could not be reserved, with the units in stock at the time (0 for an unknown sku). */
export interface MissingLine {
  sku: string;
  requested: number;
  available: number;
}

/**
 * What inventory remembers per order, so that a redelivered event gets the first outcome again and
 * never touches stock twice.
 */
export type ReservationRecord = (
  | { state: 'reserved'; lines: StockLine[] }
  | { state: 'rejected'; missing: MissingLine[] }
  /** `releasedBy` is the id of the event (payment.failed) that gave the stock back, at `releasedAt`. */
  | { state: 'released'; lines: StockLine[]; releasedBy: string; releasedAt?: number }
) & {
  /** When it was reserved or rejected (epoch ms, Redis's clock); absent on records older than the field. */
  at?: number;
};

/**
 * The result of a release attempt: `released` when this call gave stock back, `unchanged` when the
 * record was not in state reserved (already released, or rejected), `ahead` when the order had no record
 * (Redis lost it): the release is recorded, with no lines, before the reservation it cancels.
 */
export interface ReleaseResult {
  change: 'released' | 'unchanged' | 'ahead';
  record: ReservationRecord;
}
