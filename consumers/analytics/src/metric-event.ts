import type { SalesChannel } from '@orderflow/contracts';

/**
 * What analytics needs from an event: which window counter it increments, its identity and its event
 * time. Free of Kafka types; the handler builds one per consumed event.
 */
export type MetricKind =
  | 'ordersCreated'
  | 'reserved'
  | 'rejected'
  | 'released'
  | 'paymentFailed'
  | 'confirmed'
  | 'notificationsSent'
  | 'deliveriesStarted';

interface MetricEventBase<K extends MetricKind> {
  /** The window counter this event increments (also the field name in the window's Redis hash). */
  kind: K;
  /** The input event's id: each one is counted once, however often it is delivered. */
  eventId: string;
  orderId: string;
  /** Event time, epoch ms: it picks the window, so a replay lands every event where it landed before. */
  occurredAt: number;
}

/** order.created also carries its sales channel (UNKNOWN when written with v1, by the reader's default). */
export interface CreatedMetricEvent extends MetricEventBase<'ordersCreated'> {
  channel: SalesChannel;
}

/** payment.completed also carries the confirmed revenue. */
export interface ConfirmedMetricEvent extends MetricEventBase<'confirmed'> {
  amountCents: number;
  currency: string;
}

export type MetricEvent =
  | CreatedMetricEvent
  | ConfirmedMetricEvent
  | MetricEventBase<Exclude<MetricKind, 'confirmed' | 'ordersCreated'>>;

/**
 * The kinds the analytics.order-metrics schema (v1) carries. `released`, `notificationsSent` and
 * `deliveriesStarted` are counted in Redis all the same, ready for a v2 of the schema, but change nothing
 * worth publishing.
 */
const PUBLISHED_KINDS: ReadonlySet<MetricKind> = new Set([
  'ordersCreated',
  'reserved',
  'rejected',
  'paymentFailed',
  'confirmed',
]);

export const isPublished = (kind: MetricKind): boolean => PUBLISHED_KINDS.has(kind);

/** The common part of a metric event, taken from any orderflow event. */
export const metricEvent = <K extends Exclude<MetricKind, 'confirmed' | 'ordersCreated'>>(
  kind: K,
  event: { eventId: string; orderId: string; occurredAt: number },
): MetricEventBase<K> => ({
  kind,
  eventId: event.eventId,
  orderId: event.orderId,
  occurredAt: event.occurredAt,
});

export const createdMetricEvent = (event: {
  eventId: string;
  orderId: string;
  occurredAt: number;
  channel: SalesChannel;
}): CreatedMetricEvent => ({
  kind: 'ordersCreated',
  eventId: event.eventId,
  orderId: event.orderId,
  occurredAt: event.occurredAt,
  channel: event.channel,
});

export const confirmedMetricEvent = (event: {
  eventId: string;
  orderId: string;
  occurredAt: number;
  amountCents: number;
  currency: string;
}): ConfirmedMetricEvent => ({
  kind: 'confirmed',
  eventId: event.eventId,
  orderId: event.orderId,
  occurredAt: event.occurredAt,
  amountCents: event.amountCents,
  currency: event.currency,
});
