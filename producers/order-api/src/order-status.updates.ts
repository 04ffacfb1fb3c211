import type {
  InventoryRejected,
  InventoryReleased,
  InventoryReserved,
  NotificationChannel,
  NotificationKind,
  NotificationSent,
  OrderCreated,
  PaymentCompleted,
  PaymentFailed,
  SalesChannel,
} from '@orderflow/contracts';

import { summariseRejection, type OrderStatus } from './order-status';

/** A line as the view shows it: follow-ups know quantities but not prices. */
export interface ViewItem {
  sku: string;
  quantity: number;
  unitPriceCents?: number;
}

/** Facts about an order besides its status; each event knows some of them. */
export interface OrderDetails {
  customerId: string;
  totalCents: number;
  currency: string;
  items: ViewItem[];
  /** Where the order was placed (order.created v2; UNKNOWN for an order written by a v1 producer). */
  channel: SalesChannel;
  /** The coupon the customer entered; absent when none was. */
  couponCode: string;
  /** When inventory gave the stock back (compensation after payment.failed), epoch ms. */
  stockReleasedAt: number;
  /** When MarkDeliveryStarted first recorded the delivery start, epoch ms (order.delivery-started's time). */
  deliveryStartedAt: number;
}

/**
 * One change to an order's status view. `status` is applied only if it moves the order forward (PENDING
 * never does, so it only starts a view); `details` overwrite when they come from the order itself and only
 * fill gaps when a follow-up carries them.
 */
export interface StatusUpdate {
  orderId: string;
  status: OrderStatus;
  reason?: string;
  details: Partial<OrderDetails>;
  detailsSource: 'order' | 'follow-up';
  /** When the fact happened (the event's occurredAt), epoch ms. */
  at: number;
  notification?: { eventId: string; kind: NotificationKind; channel: NotificationChannel; sentAt: number };
  /** A command's precondition: applied only while the view's status is one of these (see the script). */
  requires?: readonly OrderStatus[];
}

/** The HTTP path's write once order.created was acknowledged. */
export const orderPlaced = (event: OrderCreated): StatusUpdate => ({
  orderId: event.orderId,
  status: 'PENDING',
  details: {
    customerId: event.customerId,
    totalCents: event.totalCents,
    currency: event.currency,
    items: event.items,
    channel: event.channel,
    ...(event.couponCode === null ? {} : { couponCode: event.couponCode }),
  },
  detailsSource: 'order',
  at: event.occurredAt,
});

const followUp = (
  event: { orderId: string; occurredAt: number },
  status: OrderStatus,
  details: Partial<OrderDetails>,
  reason?: string,
): StatusUpdate => ({
  orderId: event.orderId,
  status,
  ...(reason === undefined ? {} : { reason }),
  details,
  detailsSource: 'follow-up',
  at: event.occurredAt,
});

export const inventoryReserved = (event: InventoryReserved): StatusUpdate =>
  followUp(event, 'RESERVED', {
    customerId: event.customerId,
    totalCents: event.totalCents,
    currency: event.currency,
    items: event.lines.map(({ sku, quantity }) => ({ sku, quantity })),
  });

export const inventoryRejected = (event: InventoryRejected): StatusUpdate =>
  followUp(
    event,
    'REJECTED',
    { customerId: event.customerId },
    summariseRejection(event.reason, event.missing),
  );

/** Compensation is not a status of its own: the order already is (or will be) PAYMENT_FAILED. */
export const inventoryReleased = (event: InventoryReleased): StatusUpdate =>
  followUp(event, 'PENDING', { stockReleasedAt: event.occurredAt });

export const paymentCompleted = (event: PaymentCompleted): StatusUpdate =>
  followUp(event, 'PAID', {
    customerId: event.customerId,
    totalCents: event.amountCents,
    currency: event.currency,
  });

export const paymentFailed = (event: PaymentFailed): StatusUpdate =>
  followUp(
    event,
    'PAYMENT_FAILED',
    { customerId: event.customerId, totalCents: event.amountCents, currency: event.currency },
    event.reason,
  );

/** Every notification is listed; only the confirmation moves the status (to CONFIRMED). */
export const notificationSent = (event: NotificationSent): StatusUpdate => ({
  ...followUp(event, event.kind === 'ORDER_CONFIRMED' ? 'CONFIRMED' : 'PENDING', {
    customerId: event.recipient,
  }),
  notification: {
    eventId: event.eventId,
    kind: event.kind,
    channel: event.channel,
    sentAt: event.occurredAt,
  },
});

/**
 * MarkDeliveryStarted on a PAID view: notification calls right after sending the confirmation, before its
 * notification.sent reaches the view, so the call itself is the word that the order is confirmed. The
 * event still fills in the notification when it arrives.
 */
export const confirmedByDeliveryCall = (orderId: string, at: number): StatusUpdate => ({
  orderId,
  status: 'CONFIRMED',
  details: {},
  detailsSource: 'follow-up',
  at,
  requires: ['PAID'],
});

/**
 * order.delivery-started read back by the view: a fact in the log, so it needs no current status (the
 * view is a max-rank register; payment.completed or notification.sent read after it change nothing but
 * details). Case 8 left 19 views CONFIRMED when it required CONFIRMED: after a Redis rollback the group
 * read the event before the payment that confirms the order.
 */
export const deliveryStartedEvent = (orderId: string, at: number): StatusUpdate => ({
  orderId,
  status: 'DELIVERY_STARTED',
  details: { deliveryStartedAt: at },
  detailsSource: 'follow-up',
  at,
});

/** MarkDeliveryStarted: only a confirmed order starts delivery, and only once (the time is kept). */
export const deliveryStarted = (orderId: string, at: number): StatusUpdate => ({
  ...deliveryStartedEvent(orderId, at),
  requires: ['CONFIRMED'],
});
