import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';

import { followUp, type FollowUp, type HandlerResult } from '@orderflow/service-runtime';
import type {
  InventoryRejected,
  InventoryReleased,
  InventoryReserved,
  NotificationSent,
  OrderCreated,
  PaymentCompleted,
  PaymentFailed,
} from '@orderflow/contracts';

import { confirmedMetricEvent, metricEvent } from './metric-event';
import { MetricsService } from './metrics.service';
import { windowKey } from './metrics-window';
import type { WindowMetrics } from './window-metrics';

/**
 * Every event topic feeds the per-minute figures; each update is published as the window's latest snapshot
 * on the compacted analytics.order-metrics topic, keyed by the window start.
 *
 * Compaction keeps a window's last record, and snapshots of one window published by handlers of other
 * orders (other partitions, other instances, late retries) land in any order: an older one can land after
 * a newer one, and a window that gets no later event would keep it forever. So every snapshot is checked
 * once acknowledged: when the window's version rose since it was read, the current figures are published
 * again, and checked in turn. Whichever record lands stale after a newer one notices, because the newer
 * version was raised in Redis before the newer snapshot was read, so before the stale record landed: the
 * window's last record always carries its latest version. A re-run (redelivery, replay) publishes the
 * current figures and checks them the same way.
 */
@Controller()
export class AnalyticsHandler {
  constructor(private readonly metrics: MetricsService) {}

  @EventPattern('order.created')
  async onOrderCreated(@Payload() event: OrderCreated): Promise<HandlerResult> {
    return this.snapshots(await this.metrics.record(metricEvent('ordersCreated', event)));
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

  private snapshots(windows: WindowMetrics[]): FollowUp[] {
    return windows.map((metrics) => this.snapshot(metrics));
  }

  private snapshot(metrics: WindowMetrics): FollowUp<'analytics.order-metrics'> {
    return {
      ...followUp('analytics.order-metrics', windowKey(metrics.windowStart), metrics),
      recheck: async () => {
        const newer = await this.metrics.newerThan(metrics);
        return newer && this.snapshot(newer);
      },
    };
  }
}
