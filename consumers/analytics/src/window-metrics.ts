import type { OrderMetrics } from '@orderflow/contracts';

import { windowEndOf } from './metrics-window';

/** One window's figures as published on analytics.order-metrics (the runtime adds eventId and occurredAt). */
export type WindowMetrics = Omit<OrderMetrics, 'eventId' | 'occurredAt'>;

/**
 * Field names in a window's Redis hash besides the counters named after MetricKind. The Lua script in
 * apply-metric-event.scripts.ts writes the same names.
 */
export const FIGURE = {
  revenuePrefix: 'revenue:',
  channelPrefix: 'channel:',
  timeToConfirmCount: 'timeToConfirm:count',
  timeToConfirmSumMs: 'timeToConfirm:sumMs',
  timeToConfirmMaxMs: 'timeToConfirm:maxMs',
  // Raised by every change to the figures, in the same script: snapshots of one window published by
  // different orders (or by late retries) can land out of order on the compacted topic, and the higher
  // version is the newer one (F14).
  version: 'version',
} as const;

const integer = (value: string | undefined): number => (value === undefined ? 0 : Number(value));

/** The `<prefix><name>` fields of a window's hash as `{ name: value }`, in name order. */
const byPrefix = (figures: Record<string, string>, prefix: string): Record<string, number> =>
  Object.fromEntries(
    Object.entries(figures)
      .filter(([field]) => field.startsWith(prefix))
      .map(([field, value]) => [field.slice(prefix.length), Number(value)] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );

/**
 * The snapshot of a window from its Redis hash (HGETALL; empty for a window nothing was counted in).
 * Currencies and channels are listed in name order so equal figures always serialize the same way.
 */
export const buildWindowMetrics = (windowStart: number, figures: Record<string, string>): WindowMetrics => {
  const maxMs = figures[FIGURE.timeToConfirmMaxMs];
  return {
    windowStart,
    windowEnd: windowEndOf(windowStart),
    version: integer(figures[FIGURE.version]),
    ordersCreated: integer(figures.ordersCreated),
    revenueCents: byPrefix(figures, FIGURE.revenuePrefix),
    reserved: integer(figures.reserved),
    rejected: integer(figures.rejected),
    paymentFailed: integer(figures.paymentFailed),
    confirmed: integer(figures.confirmed),
    timeToConfirm: {
      count: integer(figures[FIGURE.timeToConfirmCount]),
      sumMs: integer(figures[FIGURE.timeToConfirmSumMs]),
      maxMs: maxMs === undefined ? null : Number(maxMs),
    },
    ordersByChannel: byPrefix(figures, FIGURE.channelPrefix),
  };
};
