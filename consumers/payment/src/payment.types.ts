/**
 * What payment announces for an order, and remembers so a redelivery announces the same: `recordedAt`
 * (epoch ms; absent on records written before it existed) becomes the follow-up's occurredAt.
 */
export type PaymentOutcome = (
  | { status: 'completed'; paymentId: string; amountCents: number; currency: string }
  | { status: 'failed'; paymentId: string | null; reason: string; amountCents: number; currency: string }
) & { recordedAt?: number };

/** The order to charge, as inventory.reserved describes it. */
export interface PaymentRequest {
  orderId: string;
  customerId: string;
  amountCents: number;
  currency: string;
}
