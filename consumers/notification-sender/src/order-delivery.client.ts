import { Inject, Injectable } from '@nestjs/common';

import { isOrderflowError, OrderflowError } from '@orderflow/errors';
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
 * (FAILED_PRECONDITION, INVALID_ARGUMENT) is not, and goes to the dead-letter queue at once.
 *
 * NOT_FOUND is retried too: the job comes from a payment event of the order, so the order exists, and
 * the order service not knowing it means its status view has not read the order yet (chaos case 7: Redis
 * down for 5 s held the view back while the rest of the pipeline finished the order, and the confirmation
 * went to the DLQ).
 */
@Injectable()
export class OrderDeliveryClient {
  constructor(
    @Inject(ORDER_SERVICE_CHANNEL) private readonly channel: OrderServiceClientChannel,
    @Inject(NOTIFICATION_CONFIG) private readonly config: Pick<NotificationConfig, 'orderService'>,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async markDeliveryStarted(orderId: string, context: DeliveryCallContext): Promise<void> {
    const { alreadyStarted } = await this.call(orderId, context).catch((error: unknown) => {
      if (!isOrderflowError(error) || error.code !== 'NOT_FOUND') throw error;
      throw new OrderflowError(
        'DEPENDENCY_UNAVAILABLE',
        `The order service does not know order ${orderId} yet: its status view trails the events.`,
        { retriable: true, cause: error, context: { orderId } },
      );
    });
    this.logger.info('order.delivery-start-requested', { orderId, alreadyStarted });
  }

  private call(orderId: string, context: DeliveryCallContext) {
    return this.channel.markDeliveryStarted(orderId, {
      deadlineMs: this.config.orderService.deadlineMs,
      signal: context.signal,
      metadata: {
        correlationId: context.correlationId,
        ...(context.traceparent === undefined ? {} : { traceparent: context.traceparent }),
        // The same for every delivery of the triggering event, retries and redrives included.
        idempotencyKey: `${context.eventId}:mark-delivery-started`,
      },
    });
  }
}
