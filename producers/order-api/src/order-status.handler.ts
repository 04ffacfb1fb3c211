import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';

import type {
  InventoryRejected,
  InventoryReleased,
  InventoryReserved,
  NotificationSent,
  OrderDeliveryStarted,
  PaymentCompleted,
  PaymentFailed,
} from '@orderflow/contracts';

import { OrderStatusRepository } from './order-status.repository';
import * as updates from './order-status.updates';

/**
 * The `order-api` group's projection: every follow-up moves the order's status view forward (never back,
 * whatever order the topics deliver in). Publishes nothing; Redis errors propagate so the runtime retries.
 */
@Controller()
export class OrderStatusHandler {
  constructor(private readonly statusViews: OrderStatusRepository) {}

  @EventPattern('inventory.reserved')
  async onInventoryReserved(@Payload() event: InventoryReserved): Promise<void> {
    await this.statusViews.apply(updates.inventoryReserved(event));
  }

  @EventPattern('inventory.rejected')
  async onInventoryRejected(@Payload() event: InventoryRejected): Promise<void> {
    await this.statusViews.apply(updates.inventoryRejected(event));
  }

  @EventPattern('inventory.released')
  async onInventoryReleased(@Payload() event: InventoryReleased): Promise<void> {
    await this.statusViews.apply(updates.inventoryReleased(event));
  }

  @EventPattern('payment.completed')
  async onPaymentCompleted(@Payload() event: PaymentCompleted): Promise<void> {
    await this.statusViews.apply(updates.paymentCompleted(event));
  }

  @EventPattern('payment.failed')
  async onPaymentFailed(@Payload() event: PaymentFailed): Promise<void> {
    await this.statusViews.apply(updates.paymentFailed(event));
  }

  @EventPattern('notification.sent')
  async onNotificationSent(@Payload() event: NotificationSent): Promise<void> {
    await this.statusViews.apply(updates.notificationSent(event));
  }

  /**
   * The view's own event, read back: MarkDeliveryStarted wrote the view before publishing it, so this is a
   * no-op unless Redis lost that write (chaos case 8 left 67 views CONFIRMED). Applied with the event's
   * time whatever the view shows yet, and marked published: the event is in the log.
   */
  @EventPattern('order.delivery-started')
  async onDeliveryStarted(@Payload() event: OrderDeliveryStarted): Promise<void> {
    await this.statusViews.apply(updates.deliveryStartedEvent(event.orderId, event.occurredAt));
    await this.statusViews.markDeliveryEventPublished(event.orderId);
  }
}
