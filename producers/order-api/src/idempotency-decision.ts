/** What POST /orders answered for a key: replayed verbatim to every retry with the same body. */
export interface AcceptedOrder {
  orderId: string;
  status: 'PENDING';
  totalCents: number;
  currency: string;
}

/** An Idempotency-Key's record: claimed by one request while it publishes, then its answer. */
export type IdempotencyRecord =
  | { state: 'claimed'; bodyHash: string; token: string }
  | { state: 'completed'; bodyHash: string; order: AcceptedOrder };

/**
 * What a request does when its claim on a key failed, given the record it then read:
 * - `claim-again`: the record is gone (the first request failed and released it, or it expired);
 * - `conflict`: the key belongs to a different body (422);
 * - `replay`: the first request finished; answer exactly as it did;
 * - `wait`: the first request is still publishing; poll until it finishes or the deadline passes.
 */
export type IdempotencyDecision =
  | { action: 'claim-again' }
  | { action: 'conflict' }
  | { action: 'replay'; order: AcceptedOrder }
  | { action: 'wait' };

export const decideOnExistingKey = (
  record: IdempotencyRecord | null,
  bodyHash: string,
): IdempotencyDecision => {
  if (record === null) return { action: 'claim-again' };
  if (record.bodyHash !== bodyHash) return { action: 'conflict' };
  if (record.state === 'completed') return { action: 'replay', order: record.order };
  return { action: 'wait' };
};
