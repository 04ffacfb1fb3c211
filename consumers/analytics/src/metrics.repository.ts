import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';

import { REDIS_CLIENT, RUNTIME_CONFIG, redisKey, type RuntimeConfig } from '@orderflow/consumer-runtime';
import { OrderflowError } from '@orderflow/errors';

import type { AnalyticsSettings } from './analytics.config';
import { ANALYTICS_SETTINGS } from './analytics.tokens';
import { APPLY_RESULT, applyMetricEventScript } from './apply-metric-event.script';
import type { MetricEvent } from './metric-event';
import { windowKey, windowStartOf } from './metrics-window';
import { FIGURE } from './window-metrics';

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
 *   analytics:window:<start>:figures   hash of counters, revenue:<currency>, timeToConfirm:* (ISO start)
 *   analytics:event:<eventId>          the window the event was counted in: each eventId counts once,
 *                                      whatever occurredAt a later copy carries
 *   analytics:order:<orderId>          hash of createdAt / confirmedAt (for time to confirm)
 * Every key expires `stateTtlDays` after its last update, longer than the DLQ's retention, so a redrive
 * however late finds the event counted. (`analytics:window:<start>:applied`, the per-window sets of
 * earlier versions, are still read until they expire.)
 */
@Injectable()
export class MetricsRepository {
  private readonly ttlSeconds: number;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(RUNTIME_CONFIG) private readonly runtime: Pick<RuntimeConfig, 'topicPrefix'>,
    @Inject(ANALYTICS_SETTINGS) settings: AnalyticsSettings,
  ) {
    this.ttlSeconds = settings.stateTtlDays * 24 * 60 * 60;
  }

  /** Counts the event in its window, once per eventId however often it comes. */
  async apply(event: MetricEvent): Promise<ApplyOutcome> {
    const window = windowStartOf(event.occurredAt);
    for (let attempt = 1; attempt <= MAX_APPLY_ATTEMPTS; attempt += 1) {
      // order.created completes the time to confirm of an order confirmed earlier: find that window first.
      const confirmedAt =
        event.kind === 'ordersCreated'
          ? await this.redis.hget(this.orderKey(event.orderId), 'confirmedAt')
          : null;
      const confirmationWindow = confirmedAt === null ? window : windowStartOf(Number(confirmedAt));
      const revenue = event.kind === 'confirmed' ? event : undefined;
      const result = await applyMetricEventScript.run(
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
          revenue ? `${FIGURE.revenuePrefix}${revenue.currency}` : '',
          revenue ? revenue.amountCents : 0,
          windowKey(window),
        ],
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
    return this.redis.hgetall(this.figuresKey(windowStart));
  }

  private figuresKey(windowStart: number): string {
    return redisKey(this.runtime, 'analytics', 'window', windowKey(windowStart), 'figures');
  }

  private eventKey(eventId: string): string {
    return redisKey(this.runtime, 'analytics', 'event', eventId);
  }

  private legacyAppliedKey(windowStart: number): string {
    return redisKey(this.runtime, 'analytics', 'window', windowKey(windowStart), 'applied');
  }

  private orderKey(orderId: string): string {
    return redisKey(this.runtime, 'analytics', 'order', orderId);
  }
}

const roleOf = (event: MetricEvent): 'created' | 'confirmed' | 'count' =>
  event.kind === 'ordersCreated' ? 'created' : event.kind === 'confirmed' ? 'confirmed' : 'count';
