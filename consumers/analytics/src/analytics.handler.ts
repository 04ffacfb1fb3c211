import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';

import { followUp, type FollowUp, type HandlerResult } from '@orderflow/service-runtime';
import type {
  InventoryRejected,
  InventoryReleased,
  InventoryReserved,
  NotificationSent,
  OrderCreated,
  OrderDeliveryStarted,
  PaymentCompleted,
  PaymentFailed,
} from '@orderflow/contracts';

import { confirmedMetricEvent, createdMetricEvent, metricEvent } from './metric-event';
import { MetricsService } from './metrics.service';
import { windowKey } from './metrics-window';
import type { WindowMetrics } from './window-metrics';

/**
 * Every event topic feeds the per-minute figures; each update is published as the window's latest snapshot
 * on the compacted analytics.order-metrics topic, keyed by the window start.
 *
 * Compaction keeps a window's last record, and snapshots of one window published by handlers of other
 * orders (other partitions, other instances, late retries) land in any order: an older one can land after
 * a newer one, and a window that gets no later event would keep it forever. So every snapshot, once
 * acknowledged, notes its offset and version in Redis (one Lua step per window, snapshot-landed.scripts.ts),
 * and the figures are published again only when the record at the highest offset carries a lower version
 * than one that landed before it: by whichever publisher's step sees that inversion first, once per
 * record at the highest offset. The republished record lands higher and goes through the same step.
 *
 * Why the topic then ends on the latest version: every raise of the version is followed by its own event's
 * snapshot, read after the raise, published and noted; so the highest version noted becomes the latest.
 * Were the last record below it, the step that first left it below a higher version (its own step, or
 * the higher record's) would have republished, and that record would land after it. Unlike a check of
 * the window's current version, a newer version whose snapshot is still on its way causes no republish
 * (its own publisher's step covers it), so under a burst into one window the republishes are bounded by
 * the inversions that really landed. A re-run (redelivery, replay) publishes the current figures and
 * notes them the same way.
 */
@Controller()
export class AnalyticsHandler {
  constructor(private readonly metrics: MetricsService) {}

  @EventPattern('order.created')
  async onOrderCreated(@Payload() event: OrderCreated): Promise<HandlerResult> {
    return this.snapshots(await this.metrics.record(createdMetricEvent(event)));
  }

  @EventPattern('inventory.reserved')
  async onInventoryReserved(@Payload() event: InventoryReserved): Promise<HandlerResult> {
    return this.snapshots(await this.metrics.record(metricEvent('reserved', event)));
  }

  @EventPattern('inventory.rejected')
  async onInventoryRejected(@Payload() event: InventoryRejected): Promise<HandlerResult> {
    return this.snapshots(await this.metrics.record(metricEvent('rejected', event)));
  }

  @EventPattern('inventory.released')
  async onInventoryReleased(@Payload() event: InventoryReleased): Promise<HandlerResult> {
    return this.snapshots(await this.metrics.record(metricEvent('released', event)));
  }

  @EventPattern('payment.completed')
  async onPaymentCompleted(@Payload() event: PaymentCompleted): Promise<HandlerResult> {
    return this.snapshots(await this.metrics.record(confirmedMetricEvent(event)));
  }

  @EventPattern('payment.failed')
  async onPaymentFailed(@Payload() event: PaymentFailed): Promise<HandlerResult> {
    return this.snapshots(await this.metrics.record(metricEvent('paymentFailed', event)));
  }

  @EventPattern('notification.sent')
  async onNotificationSent(@Payload() event: NotificationSent): Promise<HandlerResult> {
    return this.snapshots(await this.metrics.record(metricEvent('notificationsSent', event)));
  }

  @EventPattern('order.delivery-started')
  async onDeliveryStarted(@Payload() event: OrderDeliveryStarted): Promise<HandlerResult> {
    return this.snapshots(await this.metrics.record(metricEvent('deliveriesStarted', event)));
  }

  private snapshots(windows: WindowMetrics[]): FollowUp[] {
    return windows.map((metrics) => this.snapshot(metrics));
  }

  private snapshot(metrics: WindowMetrics): FollowUp<'analytics.order-metrics'> {
    return {
      ...followUp('analytics.order-metrics', windowKey(metrics.windowStart), metrics),
      recheck: async (landed) => {
        const newer = await this.metrics.landed(metrics, landed);
        return newer && this.snapshot(newer);
      },
    };
  }
}
