import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';

import type { EventContext, HandlerResult } from '@orderflow/service-runtime';
import type { InventoryRejected, PaymentCompleted, PaymentFailed } from '@orderflow/contracts';

import { NotificationJobs } from './notification-jobs';
import { confirmedRequest, paymentFailedRequest, rejectedRequest } from './notification-requests';

type JobContext = Pick<EventContext, 'eventId' | 'correlationId' | 'traceparent'>;

/**
 * The three outcomes a customer hears about: each decides what to tell and hands the sending to the
 * notification-sender workers through RabbitMQ. notification.sent (and, for a confirmed order,
 * MarkDeliveryStarted) now come from the worker, once the message is out.
 */
@Controller()
export class NotificationHandler {
  constructor(private readonly jobs: NotificationJobs) {}

  @EventPattern('payment.completed')
  async onPaymentCompleted(
    @Payload() event: PaymentCompleted,
    @Ctx() context: JobContext,
  ): Promise<HandlerResult> {
    await this.jobs.enqueue(confirmedRequest(event), context);
  }

  @EventPattern('payment.failed')
  async onPaymentFailed(@Payload() event: PaymentFailed, @Ctx() context: JobContext): Promise<HandlerResult> {
    await this.jobs.enqueue(paymentFailedRequest(event), context);
  }

  @EventPattern('inventory.rejected')
  async onInventoryRejected(
    @Payload() event: InventoryRejected,
    @Ctx() context: JobContext,
  ): Promise<HandlerResult> {
    await this.jobs.enqueue(rejectedRequest(event), context);
  }
}
