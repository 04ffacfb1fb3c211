import { checkCharges } from './charges-effect';
import { EVENT_TOPICS, type Evidence } from './evidence';
import { verdict, violations, type InvariantResult } from './invariant.types';
import type { OrderFacts } from './order-facts';

/** What the services publish in answer to an order: every event topic but order.created. */
const FOLLOW_UPS = EVENT_TOPICS.filter((topic) => topic !== 'order.created');

const NOTIFICATION_KIND = {
  CONFIRMED: 'ORDER_CONFIRMED',
  REJECTED: 'ORDER_REJECTED',
  PAYMENT_FAILED: 'PAYMENT_FAILED',
} as const;

/** The analytics counter each topic's distinct events feed. */
const ANALYTICS_FIELD: Record<string, string> = {
  'order.created': 'ordersCreated',
  'inventory.reserved': 'reserved',
  'inventory.rejected': 'rejected',
  'inventory.released': 'released',
  'payment.failed': 'paymentFailed',
  'payment.completed': 'confirmed',
  'notification.sent': 'notificationsSent',
};

type Found = ReturnType<typeof violations>;

const checkStock = (
  evidence: Evidence,
  facts: Map<string, OrderFacts>,
  initial: Record<string, number>,
  found: Found,
) => {
  const expected = { ...initial };
  for (const order of facts.values()) {
    if (order.status !== 'CONFIRMED') continue;
    const items = (order.first.get('order.created')?.value?.items ?? []) as {
      sku: string;
      quantity: number;
    }[];
    for (const { sku, quantity } of items) expected[sku] = (expected[sku] ?? 0) - quantity;
  }
  for (const [sku, units] of Object.entries(expected)) {
    if (evidence.stock[sku] !== units)
      found.add('stockDrift', { sku, expected: units, actual: evidence.stock[sku] });
  }
};

const checkReservation = (evidence: Evidence, order: OrderFacts, found: Found) => {
  const record = evidence.reservations.get(order.orderId);
  const failed = order.first.get('payment.failed')?.eventId;
  const expected = { CONFIRMED: 'reserved', REJECTED: 'rejected', PAYMENT_FAILED: 'released' }[
    order.status as 'CONFIRMED'
  ];
  if (expected === undefined) return;
  if (record?.state !== expected) {
    found.add('reservationState', { orderId: order.orderId, expected, actual: record?.state });
  } else if (record.state === 'released' && record.releasedBy !== failed) {
    found.add('releasedByOtherEvent', {
      orderId: order.orderId,
      releasedBy: record.releasedBy,
      paymentFailed: failed,
    });
  }
};

/**
 * The sender records a notification after sending it, so a process killed between the two sends it again
 * on redelivery (documented in notification.service.ts): copies on both sides of a kill of notification are
 * that window, counted apart; any other second copy is a violation.
 */
const resentAcrossKill = (times: readonly number[], kills: readonly number[]): boolean =>
  times.length === 2 && kills.some((kill) => times[0]! <= kill && kill <= times[1]!);

/** How far a send is from the writes around it: the lease claimed before it, the sent-record after it. */
const SEND_MS = 2_000;

/**
 * A Redis that lost the writes it acknowledged in a window (case 8) lost the leases and sent-records
 * written in it: a notification first sent then (or within a send's time of it: claimed in the window and
 * sent just after, its record then refused as the lease was gone), and sent again after the window, is
 * that loss, counted apart.
 */
export const resentAfterLostRecord = (times: readonly number[], windows: readonly TimeWindow[]): boolean =>
  times.length === 2 &&
  windows.some(({ from, to }) => from - SEND_MS <= times[0]! && times[0]! <= to + SEND_MS && to <= times[1]!);

/**
 * When the notification sender was killed (by the fault driver or by its own fail point): a notification
 * sent before a kill and not yet recorded as sent is sent once more after it, the one window the design
 * leaves. A kill takes every job the worker had between send and record (its prefetch), not only one.
 */
export interface NotificationAllowance {
  kills: readonly number[];
  /** When Redis acknowledged writes that a failover then lost (epoch ms; see resentAfterLostRecord). */
  lostRedisWrites: readonly TimeWindow[];
}

export interface TimeWindow {
  from: number;
  to: number;
}

/** When each notification was sent, by order then kind: looked up per order (100 000 orders in the soak). */
type SinkTimes = Map<string, Map<string, number[]>>;

const checkOrderEffects = (
  order: OrderFacts,
  sinkTimes: SinkTimes,
  allowance: NotificationAllowance,
  found: Found,
  figures: { resentAfterKill: number; resentAfterLostRecord: number },
) => {
  for (const topic of FOLLOW_UPS) {
    const ids = order.eventIds.get(topic);
    if (ids && ids.size > 1)
      found.add('severalEventIds', { orderId: order.orderId, topic, eventIds: [...ids] });
  }
  if (order.first.has('inventory.released') !== order.first.has('payment.failed')) {
    found.add('releaseWithoutFailureOrFailureWithoutRelease', {
      orderId: order.orderId,
      released: order.first.has('inventory.released'),
      paymentFailed: order.first.has('payment.failed'),
    });
  }
  const kind = NOTIFICATION_KIND[order.status as keyof typeof NOTIFICATION_KIND];
  if (kind === undefined) return;
  const sent = sinkTimes.get(order.orderId);
  const times = (sent?.get(kind) ?? []).sort((a, b) => a - b);
  if (times.length === 1) {
    // once, as it should be
  } else if (resentAcrossKill(times, allowance.kills)) figures.resentAfterKill += 1;
  else if (resentAfterLostRecord(times, allowance.lostRedisWrites)) figures.resentAfterLostRecord += 1;
  else
    found.add(times.length === 0 ? 'notificationNotSent' : 'notificationSentTwice', {
      orderId: order.orderId,
      notificationKind: kind,
      sentAt: times.map((time) => new Date(time).toISOString()),
    });
  const others = [...(sent?.keys() ?? [])]
    .filter((other) => other !== kind)
    .map((other) => `${order.orderId}:${other}`);
  if (others.length > 0)
    found.add('notificationOfWrongKind', { orderId: order.orderId, notificationKind: kind, others });
  if (!order.first.has('notification.sent')) found.add('noNotificationSentEvent', { orderId: order.orderId });
};

const checkAnalytics = (evidence: Evidence, found: Found): void => {
  for (const [topic, field] of Object.entries(ANALYTICS_FIELD)) {
    const distinct = new Set((evidence.records.get(topic) ?? []).flatMap((record) => record.eventId ?? []))
      .size;
    const counted = evidence.analyticsTotals[field] ?? 0;
    if (counted !== distinct) found.add('analyticsCount', { field, events: distinct, counted });
  }
  const revenue: Record<string, number> = {};
  const seen = new Set<string>();
  for (const record of evidence.records.get('payment.completed') ?? []) {
    if (record.eventId === undefined || seen.has(record.eventId)) continue;
    seen.add(record.eventId);
    const currency = String(record.value?.currency);
    revenue[currency] = (revenue[currency] ?? 0) + Number(record.value?.amountCents ?? 0);
  }
  for (const [currency, cents] of Object.entries(revenue)) {
    const counted = evidence.analyticsTotals[`revenue:${currency}`] ?? 0;
    if (counted !== cents) found.add('analyticsRevenue', { currency, events: cents, counted });
  }
};

/** Records on a topic minus its distinct event ids: follow-ups published again after a redelivery. */
export const republished = (evidence: Evidence): number =>
  FOLLOW_UPS.reduce((sum, topic) => {
    const records = evidence.records.get(topic) ?? [];
    return sum + records.length - new Set(records.map((record) => record.eventId)).size;
  }, 0);

/**
 * I4: every effect exactly once: stock to the unit, the reservation record matching the outcome, one payment
 * outcome and one event id per follow-up, one charge per reserved order (one idempotency key at the
 * gateway), one notification of the right kind in the sink (or two around a kill of the sender, or when
 * Redis lost its lease or sent-record), analytics figures equal to the distinct events.
 */
export const checkEffects = (
  evidence: Evidence,
  facts: Map<string, OrderFacts>,
  initialStock: Record<string, number>,
  allowance: NotificationAllowance,
): InvariantResult => {
  const found = violations();
  checkStock(evidence, facts, initialStock, found);
  const sinkTimes: SinkTimes = new Map();
  for (const { orderId, kind, time } of evidence.sink) {
    const byKind = sinkTimes.get(orderId) ?? new Map<string, number[]>();
    byKind.set(kind, [...(byKind.get(kind) ?? []), Date.parse(time)]);
    sinkTimes.set(orderId, byKind);
  }
  const figures = { resentAfterKill: 0, resentAfterLostRecord: 0 };
  for (const order of facts.values()) {
    checkReservation(evidence, order, found);
    checkOrderEffects(order, sinkTimes, allowance, found, figures);
  }
  checkAnalytics(evidence, found);
  const charges = checkCharges(evidence, facts, found);
  return verdict('I4', 'effects exactly once', found, {
    ...charges,
    sinkLines: evidence.sink.length,
    ...figures,
    republished: republished(evidence),
  });
};
