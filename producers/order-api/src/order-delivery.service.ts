import { Inject, Injectable } from '@nestjs/common';

import { OrderflowError } from '@orderflow/errors';
import { childTraceparent, deriveEventId, type EventPublisher } from '@orderflow/kafka';
import type { Logger } from '@orderflow/logging';
import { EVENT_PUBLISHER, LOGGER } from '@orderflow/service-runtime';

import type { OrderApiConfig } from './order-api.config';
import { ORDER_API_CONFIG } from './order-api.tokens';
import { STATUS_RANK, type OrderStatus } from './order-status';
import { OrderStatusFeed } from './order-status.feed';
import { OrderStatusRepository, type OrderStatusView } from './order-status.repository';
import { confirmedByDeliveryCall, deliveryStarted } from './order-status.updates';

/** How long a call without a deadline waits for the view. */
const VIEW_WAIT_WITHOUT_DEADLINE_MS = 5_000;

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
 * PAID in the view is waited for, on the status feed, until the view reads the payment or half the call's
 * time is gone; only then does it answer retriable DEPENDENCY_UNAVAILABLE ("not caught up"). A rejected
 * or failed order answers WRONG_STATE, which nobody retries.
 *
 * The wait replaced the caller polling (chaos case 16, 20 000 orders): after the start and the broker
 * restarts the view trailed the payments by seconds, calls were refused and retried up to four times
 * within their 3 s deadline (each refusal two status scripts and a logged stack on the loaded order API),
 * the sender's jobs held their slots through the backoffs (calls took 1.3–1.6 s at the median), and 245
 * jobs went to a delay tier on DEADLINE_EXCEEDED.
 */
@Injectable()
export class OrderDeliveryService {
  constructor(
    private readonly views: OrderStatusRepository,
    private readonly feed: OrderStatusFeed,
    @Inject(EVENT_PUBLISHER) private readonly publisher: EventPublisher,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(ORDER_API_CONFIG) private readonly config: Pick<OrderApiConfig, 'publishTimeoutMs'>,
  ) {}

  async markDeliveryStarted(command: DeliveryCommand): Promise<DeliveryOutcome> {
    const { orderId } = command;
    let { moved, status } = await this.start(orderId);
    // PAID too: the payment reached the view between the two updates of `start` (the first found the order
    // RESERVED, the second PAID), so the view has read it and starting again succeeds.
    if (
      status !== null &&
      STATUS_RANK[status] < STATUS_RANK.CONFIRMED &&
      (await this.viewReadsPayment(command))
    ) {
      ({ moved, status } = await this.start(orderId));
    }
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

  /** CONFIRMED from PAID (the call is the word that the confirmation went out), then DELIVERY_STARTED. */
  private async start(orderId: string): Promise<{ moved: boolean; status: OrderStatus | null }> {
    const now = Date.now();
    await this.views.apply(confirmedByDeliveryCall(orderId, now));
    return this.views.apply(deliveryStarted(orderId, now));
  }

  /**
   * Waits for the view to read the order's payment (or its rejection); false if it did not. At most half
   * the time the caller left: the rest is the publish's. Waiting until just before the deadline left
   * the publish 200 ms, and under load it answered PUBLISH_OUTCOME_UNKNOWN (chaos case 16 at 100 000
   * orders: 1737 such answers, two confirmations dead-lettered). A stopping order API ends the wait with a
   * retriable UNAVAILABLE (the feed closes first).
   */
  private async viewReadsPayment({ orderId, deadline }: DeliveryCommand): Promise<boolean> {
    const waitMs = Math.min(Math.floor((deadline - Date.now()) / 2), VIEW_WAIT_WITHOUT_DEADLINE_MS);
    if (waitMs <= 0) return false;
    const view = await this.feed.reached(orderId, STATUS_RANK.PAID, AbortSignal.timeout(waitMs));
    return view !== undefined;
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
