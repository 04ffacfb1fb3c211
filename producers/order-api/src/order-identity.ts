import { deriveEventId } from '@orderflow/kafka';

/** The ids order.created carries for an order placed under an Idempotency-Key. */
export interface OrderIdentity {
  orderId: string;
  eventId: string;
}

/**
 * A pure function of the key and the body it is bound to: every attempt for them, however it ended
 * before (unknown outcome, lost lease, Redis failing after the publish), publishes the same order and the
 * same event, which downstream idempotency then drops as a duplicate instead of starting a second order.
 */
export const orderIdentity = (idempotencyKey: string, bodyHash: string): OrderIdentity => {
  const input = `order-api\u0000${idempotencyKey}\u0000${bodyHash}`;
  return {
    orderId: deriveEventId(input, 'order.created', 0),
    eventId: deriveEventId(input, 'order.created', 1),
  };
};
