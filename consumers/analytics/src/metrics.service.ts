import { Injectable } from '@nestjs/common';

import { OrderflowError } from '@orderflow/errors';
import type { RecordPosition } from '@orderflow/kafka';

import { isPublished, type MetricEvent } from './metric-event';
import { MetricsRepository } from './metrics.repository';
import { buildWindowMetrics, type WindowMetrics } from './window-metrics';

/**
 * Per-minute order figures over event time. Recording the same event again (a redelivery, a crash before
 * the offset commit, a replay from the beginning) changes nothing, and still answers with the current
 * snapshots: the first attempt may have died before publishing them.
 */
@Injectable()
export class MetricsService {
  constructor(private readonly repository: MetricsRepository) {}

  /** Counts the event and returns the snapshots of the windows it feeds (none for unpublished kinds). */
  async record(event: MetricEvent): Promise<WindowMetrics[]> {
    assertCountable(event);
    const { windows } = await this.repository.apply(event);
    if (!isPublished(event.kind)) return [];
    // Read after applying: a snapshot may include events applied concurrently, never miss this one.
    return Promise.all(
      windows.map(async (start) => buildWindowMetrics(start, await this.repository.readWindow(start))),
    );
  }

  /**
   * Once `published` was acknowledged at `landed`: the window's current snapshot when it must be published
   * after it (a record landed stale at the partition's highest offset), otherwise nothing.
   */
  async landed(published: WindowMetrics, landed: RecordPosition): Promise<WindowMetrics | undefined> {
    const { windowStart, version } = published;
    if (!(await this.repository.snapshotLanded(windowStart, version, landed))) return undefined;
    return buildWindowMetrics(windowStart, await this.repository.readWindow(windowStart));
  }
}

const CURRENCY = /^[A-Z]{3}$/;

/** Invariants the schema cannot express; breaking one sends the event to the DLQ instead of the figures. */
const assertCountable = (event: MetricEvent): void => {
  const problem =
    !Number.isSafeInteger(event.occurredAt) || event.occurredAt < 0
      ? 'occurredAt must be a non-negative epoch-millisecond timestamp'
      : event.kind === 'confirmed' && !CURRENCY.test(event.currency)
        ? 'currency must be an ISO 4217 alphabetic code'
        : event.kind === 'confirmed' && (!Number.isSafeInteger(event.amountCents) || event.amountCents < 0)
          ? 'amountCents must be a non-negative whole number of minor units'
          : undefined;
  if (problem !== undefined) {
    throw new OrderflowError('EVENT_INVALID', `Cannot count event ${event.eventId}: ${problem}.`, {
      context: { eventId: event.eventId, orderId: event.orderId, kind: event.kind },
    });
  }
};
