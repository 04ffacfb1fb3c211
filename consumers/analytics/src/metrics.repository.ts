import type { Redis } from 'ioredis';

import type { RecordPosition } from '@orderflow/kafka';

import { redisKey } from '@orderflow/service-runtime';
import { redisCall } from '@orderflow/redis';
import { OrderflowError } from '@orderflow/errors';

import { APPLY_RESULT, applyMetricEventScript } from './apply-metric-event.scripts';
import { isPublished, type MetricEvent } from './metric-event';
import { windowKey, windowStartOf } from './metrics-window';
import { snapshotLandedScript } from './snapshot-landed.scripts';
import { FIGURE } from './window-metrics';

export interface MetricsRepositoryOptions {
  redis: Redis;
  /** The runtime's topic prefix: keys live under it, so tests never collide. */
  topicPrefix: string;
  /** How long a window's state is kept after its last update (AnalyticsConfig.stateTtlDays). */
  stateTtlDays: number;
}

export interface ApplyOutcome {
  /** false when this eventId had been applied before (a redelivery or a replay): nothing changed. */
  applied: boolean;
  /** Starts of the windows whose figures this event feeds, the one it was counted in first. */
  windows: number[];
}

// The order's confirmedAt is written once (HSETNX), so a second attempt always sees the final value; the
// third only matters if the order's state expired in between.
const MAX_APPLY_ATTEMPTS = 3;

/**
 * The analytics state in Redis:
 *   analytics:window:<start>:figures   hash of counters, revenue:<currency>, channel:<channel>, timeToConfirm:*
 *   analytics:event:<eventId>          the window the event was counted in: each eventId counts once,
 *                                      whatever occurredAt a later copy carries
 *   analytics:order:<orderId>          hash of createdAt / confirmedAt (for time to confirm)
 *   analytics:window:<start>:landed    where the window's snapshots landed on the compacted topic
 *                                      (see snapshot-landed.scripts.ts)
 * Every key expires `stateTtlDays` after its last update, longer than the DLQ's retention, so a redrive
 * however late finds the event counted. (`analytics:window:<start>:applied`, the per-window sets of
 * earlier versions, are still read until they expire.)
 */
export class MetricsRepository {
  private readonly redis: Redis;
  private readonly topicPrefix: string;
  private readonly ttlSeconds: number;

  constructor({ redis, topicPrefix, stateTtlDays }: MetricsRepositoryOptions) {
    this.redis = redis;
    this.topicPrefix = topicPrefix;
    this.ttlSeconds = stateTtlDays * 24 * 60 * 60;
  }

  /** Counts the event in its window, once per eventId however often it comes. */
  async apply(event: MetricEvent): Promise<ApplyOutcome> {
    const window = windowStartOf(event.occurredAt);
    for (let attempt = 1; attempt <= MAX_APPLY_ATTEMPTS; attempt += 1) {
      // order.created completes the time to confirm of an order confirmed earlier: find that window first.
      const confirmedAt =
        event.kind === 'ordersCreated'
          ? await this.call('read an order', event, () =>
              this.redis.hget(this.orderKey(event.orderId), 'confirmedAt'),
            )
          : null;
      const confirmationWindow = confirmedAt === null ? window : windowStartOf(Number(confirmedAt));
      const breakdown = breakdownOf(event);
      const result = await this.call('count an event', event, () =>
        applyMetricEventScript.run(
          this.redis,
          [
            this.eventKey(event.eventId),
            this.figuresKey(window),
            this.orderKey(event.orderId),
            this.figuresKey(confirmationWindow),
            this.legacyAppliedKey(window),
          ],
          [
            event.eventId,
            this.ttlSeconds,
            event.kind,
            roleOf(event),
            event.occurredAt,
            confirmedAt ?? '',
            breakdown?.field ?? '',
            breakdown?.amount ?? 0,
            windowKey(window),
            isPublished(event.kind) ? '1' : '',
          ],
        ),
      );
      if (result !== APPLY_RESULT.staleConfirmation) {
        // A copy dated in another minute: its snapshot is the one of the window it was counted in.
        const counted = typeof result === 'string' && result !== '' ? Date.parse(result) : window;
        const windows = confirmationWindow === counted ? [counted] : [counted, confirmationWindow];
        return { applied: result === APPLY_RESULT.applied, windows };
      }
    }
    throw new OrderflowError(
      'STATE_CONFLICT',
      `The analytics state of order ${event.orderId} kept changing while order.created was applied; ` +
        'the event is retried later.',
      { retriable: true, context: { orderId: event.orderId, eventId: event.eventId } },
    );
  }

  /** A window's raw figures (empty when nothing was counted in it). */
  readWindow(windowStart: number): Promise<Record<string, string>> {
    const key = this.figuresKey(windowStart);
    return redisCall("read a window's figures", { key }, () => this.redis.hgetall(key));
  }

  /**
   * Notes where a snapshot of the window landed; true when the window's figures must be published again
   * after it (see snapshotLandedScript).
   */
  async snapshotLanded(windowStart: number, version: number, landed: RecordPosition): Promise<boolean> {
    const key = redisKey(
      { topicPrefix: this.topicPrefix },
      'analytics',
      'window',
      windowKey(windowStart),
      'landed',
    );
    const republish = await redisCall('note where a snapshot landed', { key, ...landed }, () =>
      snapshotLandedScript.run(
        this.redis,
        [key],
        [landed.partition, landed.offset, version, this.ttlSeconds],
      ),
    );
    return republish === 1;
  }

  private call<T>(operation: string, event: MetricEvent, run: () => Promise<T>): Promise<T> {
    return redisCall(operation, { orderId: event.orderId, eventId: event.eventId }, run);
  }

  private figuresKey(windowStart: number): string {
    return redisKey(
      { topicPrefix: this.topicPrefix },
      'analytics',
      'window',
      windowKey(windowStart),
      'figures',
    );
  }

  private eventKey(eventId: string): string {
    return redisKey({ topicPrefix: this.topicPrefix }, 'analytics', 'event', eventId);
  }

  private legacyAppliedKey(windowStart: number): string {
    return redisKey(
      { topicPrefix: this.topicPrefix },
      'analytics',
      'window',
      windowKey(windowStart),
      'applied',
    );
  }

  private orderKey(orderId: string): string {
    return redisKey({ topicPrefix: this.topicPrefix }, 'analytics', 'order', orderId);
  }
}

/** The per-currency revenue or per-channel count an event adds to besides its counter, if any. */
const breakdownOf = (event: MetricEvent): { field: string; amount: number } | undefined => {
  if (event.kind === 'confirmed')
    return { field: `${FIGURE.revenuePrefix}${event.currency}`, amount: event.amountCents };
  if (event.kind === 'ordersCreated') return { field: `${FIGURE.channelPrefix}${event.channel}`, amount: 1 };
  return undefined;
};

const roleOf = (event: MetricEvent): 'created' | 'confirmed' | 'count' =>
  event.kind === 'ordersCreated' ? 'created' : event.kind === 'confirmed' ? 'confirmed' : 'count';
