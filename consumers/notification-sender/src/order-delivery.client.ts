import { Inject, Injectable } from '@nestjs/common';

import type { OrderServiceClientChannel } from '@orderflow/grpc';
import type { Logger } from '@orderflow/logging';
import { LOGGER, type EventContext } from '@orderflow/service-runtime';

import type { NotificationConfig } from '@orderflow/notification';
import { NOTIFICATION_CONFIG, ORDER_SERVICE_CHANNEL } from './notification.tokens';

/** What a call runs under: the triggering event's identity, trace and lease. */
export type DeliveryCallContext = Pick<EventContext, 'eventId' | 'correlationId' | 'traceparent' | 'signal'>;

/**
 * Tells the order service that a confirmed order's delivery starts (MarkDeliveryStarted over gRPC), after
 * the confirmation went out. Failures propagate as the OrderflowErrors libs/grpc maps them to: the order
 * service down or slow (UNAVAILABLE, DEADLINE_EXCEEDED) is retriable, so the worker sends the job through
 * its delay queues, where the notification is found sent and only the call is made again; a refusal
 * (FAILED_PRECONDITION, NOT_FOUND, INVALID_ARGUMENT) is not, and goes to the dead-letter queue at once.
 */
@Injectable()
export class OrderDeliveryClient {
  constructor(
    @Inject(ORDER_SERVICE_CHANNEL) private readonly channel: OrderServiceClientChannel,
    @Inject(NOTIFICATION_CONFIG) private readonly config: Pick<NotificationConfig, 'orderService'>,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async markDeliveryStarted(orderId: string, context: DeliveryCallContext): Promise<void> {
    const { alreadyStarted } = await this.channel.markDeliveryStarted(orderId, {
      deadlineMs: this.config.orderService.deadlineMs,
      signal: context.signal,
      metadata: {
        correlationId: context.correlationId,
        ...(context.traceparent === undefined ? {} : { traceparent: context.traceparent }),
        // The same for every delivery of the triggering event, retries and redrives included.
        idempotencyKey: `${context.eventId}:mark-delivery-started`,
      },
    });
    this.logger.info('order.delivery-start-requested', { orderId, alreadyStarted });
  }
}
