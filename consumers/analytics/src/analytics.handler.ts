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

import { confirmedMetricEvent, metricEvent } from './metric-event';
import { MetricsService } from './metrics.service';
import { windowKey } from './metrics-window';
import type { WindowMetrics } from './window-metrics';

/**
 * Every event topic feeds the per-minute figures; each update is published as the window's latest snapshot
 * on the compacted analytics.order-metrics topic, keyed by the window start.
 */
@Controller()
export class AnalyticsHandler {
  constructor(private readonly metrics: MetricsService) {}

  @EventPattern('order.created')
  async onOrderCreated(@Payload() event: OrderCreated): Promise<HandlerResult> {
    return snapshots(await this.metrics.record(metricEvent('ordersCreated', event)));
  }

  @EventPattern('inventory.reserved')
  async onInventoryReserved(@Payload() event: InventoryReserved): Promise<HandlerResult> {
    return snapshots(await this.metrics.record(metricEvent('reserved', event)));
  }

  @EventPattern('inventory.rejected')
  async onInventoryRejected(@Payload() event: InventoryRejected): Promise<HandlerResult> {
    return snapshots(await this.metrics.record(metricEvent('rejected', event)));
  }

  @EventPattern('inventory.released')
  async onInventoryReleased(@Payload() event: InventoryReleased): Promise<HandlerResult> {
    return snapshots(await this.metrics.record(metricEvent('released', event)));
  }

  @EventPattern('payment.completed')
  async onPaymentCompleted(@Payload() event: PaymentCompleted): Promise<HandlerResult> {
    return snapshots(await this.metrics.record(confirmedMetricEvent(event)));
  }

  @EventPattern('payment.failed')
  async onPaymentFailed(@Payload() event: PaymentFailed): Promise<HandlerResult> {
    return snapshots(await this.metrics.record(metricEvent('paymentFailed', event)));
  }

  @EventPattern('notification.sent')
  async onNotificationSent(@Payload() event: NotificationSent): Promise<HandlerResult> {
    return snapshots(await this.metrics.record(metricEvent('notificationsSent', event)));
  }

  @EventPattern('order.delivery-started')
  async onDeliveryStarted(@Payload() event: OrderDeliveryStarted): Promise<HandlerResult> {
    return snapshots(await this.metrics.record(metricEvent('deliveriesStarted', event)));
  }
}

const snapshots = (windows: WindowMetrics[]): FollowUp[] =>
  windows.map((metrics) => followUp('analytics.order-metrics', windowKey(metrics.windowStart), metrics));
