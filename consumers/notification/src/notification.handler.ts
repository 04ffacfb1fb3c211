import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';

import { followUp, type EventContext, type FollowUp, type HandlerResult } from '@orderflow/service-runtime';
import type { InventoryRejected, PaymentCompleted, PaymentFailed } from '@orderflow/contracts';

import { confirmedRequest, paymentFailedRequest, rejectedRequest } from './notification-requests';
import { NotificationService } from './notification.service';
import { OrderDeliveryClient } from './order-delivery.client';
import type { SentNotification } from './notification.types';

/** What sending runs under: the event's lease, from the runtime's EventContext. */
type Lease = Pick<EventContext, 'signal' | 'fence'>;

/** The three outcomes a customer hears about; each answers with the notification.sent it caused. */
@Controller()
export class NotificationHandler {
  constructor(
    private readonly notifications: NotificationService,
    private readonly delivery: OrderDeliveryClient,
  ) {}

  /** Confirmation first, then delivery: the order service hears of it only once the customer was told. */
  @EventPattern('payment.completed')
  async onPaymentCompleted(
    @Payload() event: PaymentCompleted,
    @Ctx() context: EventContext,
  ): Promise<HandlerResult> {
    const sent = await this.notifications.notify(confirmedRequest(event), context);
    await this.delivery.markDeliveryStarted(event.orderId, context);
    return [sentEvent(sent)];
  }

  @EventPattern('payment.failed')
  async onPaymentFailed(@Payload() event: PaymentFailed, @Ctx() context: Lease): Promise<HandlerResult> {
    return [sentEvent(await this.notifications.notify(paymentFailedRequest(event), context))];
  }

  @EventPattern('inventory.rejected')
  async onInventoryRejected(
    @Payload() event: InventoryRejected,
    @Ctx() context: Lease,
  ): Promise<HandlerResult> {
    return [sentEvent(await this.notifications.notify(rejectedRequest(event), context))];
  }
}

/** Dated when the notification was recorded as sent: a re-emit carries the same time. */
const sentEvent = (sent: SentNotification): FollowUp =>
  followUp(
    'notification.sent',
    sent.orderId,
    { orderId: sent.orderId, channel: sent.channel, kind: sent.kind, recipient: sent.recipient },
    sent.sentAt,
  );
