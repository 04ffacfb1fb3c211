import { Inject, Injectable } from '@nestjs/common';

import { OrderflowError } from '@orderflow/errors';
import { childTraceparent, deriveEventId, type EventPublisher } from '@orderflow/kafka';
import type { Logger } from '@orderflow/logging';
import { EVENT_PUBLISHER, LOGGER } from '@orderflow/service-runtime';

import type { OrderApiConfig } from './order-api.config';
import { ORDER_API_CONFIG } from './order-api.tokens';
import { OrderStatusRepository, type OrderStatusView } from './order-status.repository';
import { confirmedByDeliveryCall, deliveryStarted } from './order-status.updates';

export interface DeliveryCommand {
  orderId: string;
  correlationId: string;
  traceparent?: string;
  /** When the caller stops waiting (epoch ms): the publish gives up by then. */
  deadline: number;
}

export interface DeliveryOutcome {
  order: OrderStatusView;
  alreadyStarted: boolean;
}

/**
 * MarkDeliveryStarted: PAID or CONFIRMED → DELIVERY_STARTED in the status view, then order.delivery-started,
 * once per order. Its event id derives from the order id and its time is the one stored with the view, so
 * a repeated call (the caller's retry, a second caller) publishes the same bytes, and once the publish is
 * acknowledged (a flag on the view) it publishes nothing at all.
 *
 * The view lags the events (notification may call before payment.completed reached it): an order not yet
 * PAID in the view answers retriable DEPENDENCY_UNAVAILABLE ("not caught up"), which the caller's channel
 * retries within its deadline; a rejected or failed order answers WRONG_STATE, which nobody retries.
 */
@Injectable()
export class OrderDeliveryService {
  constructor(
    private readonly views: OrderStatusRepository,
    @Inject(EVENT_PUBLISHER) private readonly publisher: EventPublisher,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(ORDER_API_CONFIG) private readonly config: Pick<OrderApiConfig, 'publishTimeoutMs'>,
  ) {}

  async markDeliveryStarted(command: DeliveryCommand): Promise<DeliveryOutcome> {
    const { orderId } = command;
    const now = Date.now();
    await this.views.apply(confirmedByDeliveryCall(orderId, now));
    const { moved, status } = await this.views.apply(deliveryStarted(orderId, now));
    if (status === null) {
      throw new OrderflowError('NOT_FOUND', `No order ${orderId} is known.`, { context: { orderId } });
    }
    if (status !== 'DELIVERY_STARTED') throw this.refusal(orderId, status);
    const order = await this.views.find(orderId);
    if (order === null || order.deliveryStartedAt === undefined) {
      // The view said DELIVERY_STARTED a moment ago and now reads without it: Redis lost that write between
      // the two calls (a failover to a lagging replica). Retriable: the caller's retry moves the view again.
      throw new OrderflowError(
        'DEPENDENCY_UNAVAILABLE',
        `The status view of ${orderId} lost its delivery start (Redis rolled back under the call); retry.`,
        { retriable: true, context: { orderId } },
      );
    }
    if (moved || !(await this.views.deliveryEventPublished(orderId))) await this.publish(order, command);
    this.logger.info(moved ? 'order.delivery-started' : 'order.delivery-already-started', { orderId });
    return { order, alreadyStarted: !moved };
  }

  private refusal(orderId: string, status: string): OrderflowError {
    if (status === 'REJECTED' || status === 'PAYMENT_FAILED') {
      return new OrderflowError('WRONG_STATE', `Order ${orderId} is ${status}: its delivery cannot start.`, {
        context: { orderId, status },
      });
    }
    return new OrderflowError(
      'DEPENDENCY_UNAVAILABLE',
      `Order ${orderId} is ${status} in the status view, which has not seen its payment yet; retry shortly.`,
      { retriable: true, context: { orderId, status } },
    );
  }

  private async publish(order: OrderStatusView, command: DeliveryCommand): Promise<void> {
    const occurredAt = Date.parse(order.deliveryStartedAt as string);
    await this.publisher.publish(
      [
        {
          topic: 'order.delivery-started',
          key: order.orderId,
          value: {
            eventId: deriveEventId(order.orderId, 'order.delivery-started', 0),
            occurredAt,
            orderId: order.orderId,
            customerId: order.customerId ?? '',
          },
          trace: { correlationId: command.correlationId, traceparent: childTraceparent(command.traceparent) },
        },
      ],
      { deadline: Math.min(command.deadline, Date.now() + this.config.publishTimeoutMs) },
    );
    await this.views.markDeliveryEventPublished(order.orderId);
  }
}
