/** What POST /orders answered for a key: replayed verbatim to every retry with the same body. */
export interface AcceptedOrder {
  orderId: string;
  status: 'PENDING';
  totalCents: number;
  currency: string;
}

/**
 * An Idempotency-Key's record: claimed by one request while it publishes (until `leaseUntil`, epoch ms on
 * Redis's clock; a failed request ends its lease early), then its answer. `occurredAt` is the event time
 * of the key's first attempt, which every later attempt publishes again.
 */
export type IdempotencyRecord =
  | { state: 'claimed'; bodyHash: string; token: string; occurredAt: number; leaseUntil: number }
  | { state: 'completed'; bodyHash: string; order: AcceptedOrder };

/**
 * What a request does when another request holds the key (the claim script already took it over if its
 * lease had ended):
 * - `conflict`: the key belongs to a different body (422);
 * - `replay`: the first request finished; answer exactly as it did;
 * - `wait`: the first request is still publishing; poll until it finishes or the deadline passes.
 */
export type IdempotencyDecision =
  { action: 'conflict' } | { action: 'replay'; order: AcceptedOrder } | { action: 'wait' };

export const decideOnExistingKey = (record: IdempotencyRecord, bodyHash: string): IdempotencyDecision => {
  if (record.bodyHash !== bodyHash) return { action: 'conflict' };
  if (record.state === 'completed') return { action: 'replay', order: record.order };
  return { action: 'wait' };
};
