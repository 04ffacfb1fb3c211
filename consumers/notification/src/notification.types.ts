import type { NotificationChannel, NotificationKind } from '@orderflow/contracts';

/** What the customer is to be told, taken from the event that ended (or confirmed) their order. */
export type NotificationRequest = { orderId: string; customerId: string } & (
  | { kind: 'ORDER_CONFIRMED'; paymentId: string; amountCents: number; currency: string }
  | { kind: 'ORDER_REJECTED'; reason: string; missingSkus: string[] }
  | { kind: 'PAYMENT_FAILED'; reason: string; amountCents: number; currency: string }
);

/** A message ready for a sender. */
export interface Notification {
  orderId: string;
  kind: NotificationKind;
  channel: NotificationChannel;
  /** The customerId; a real sender would look up the address for the channel. */
  recipient: string;
  subject: string;
  body: string;
}

/** What was sent for one (order, kind): kept in Redis, published as notification.sent. */
export interface SentNotification {
  orderId: string;
  kind: NotificationKind;
  channel: NotificationChannel;
  recipient: string;
  /** When the sender accepted it, epoch ms. */
  sentAt: number;
}

/** The body of a notification.send job: what to tell, and the event that decided it (for follow-up ids). */
export interface NotificationJob {
  request: NotificationRequest;
  sourceEventId: string;
}
