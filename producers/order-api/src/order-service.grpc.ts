import { randomUUID } from 'node:crypto';

import type { Metadata, ServerUnaryCall, ServerWritableStream } from '@grpc/grpc-js';
import { Controller, Inject, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Observable } from 'rxjs';

import { OrderflowError } from '@orderflow/errors';
import {
  fromMetadata,
  GrpcErrorsFilter,
  streamToCall,
  type GetOrderRequest,
  type GetOrderResponse,
  type GrpcOrderMessage,
  type MarkDeliveryStartedRequest,
  type MarkDeliveryStartedResponse,
  type WatchOrderRequest,
  type WatchOrderResponse,
  type WatchOrdersRequest,
  type WatchOrdersResponse,
} from '@orderflow/grpc';
import { withLogContext, type Logger } from '@orderflow/logging';
import { LOGGER } from '@orderflow/service-runtime';
import { OrderDeliveryService } from './order-delivery.service';
import { ORDER_STATUSES, type OrderStatus } from './order-status';
import { OrderStatusFeed } from './order-status.feed';
import { OrderStatusRepository, type OrderStatusView } from './order-status.repository';
import { HEADER_LIMITS } from './request-headers';

const PROTO_STATUS_PREFIX = 'ORDER_STATUS_';

/** A view as the proto's Order: statuses by their proto names, 64-bit integers as decimal strings. */
export const toGrpcOrder = (view: OrderStatusView): GrpcOrderMessage => ({
  orderId: view.orderId,
  status: `${PROTO_STATUS_PREFIX}${view.status}` as GrpcOrderMessage['status'],
  reason: view.reason ?? '',
  customerId: view.customerId ?? '',
  ...(view.totalCents === null ? {} : { totalCents: String(view.totalCents) }),
  currency: view.currency ?? '',
  items: view.items.map((item) => ({
    sku: item.sku,
    quantity: item.quantity,
    ...(item.unitPriceCents === undefined ? {} : { unitPriceCents: String(item.unitPriceCents) }),
  })),
  updatedAt: view.updatedAt,
});

const fromGrpcStatus = (status: string): OrderStatus => {
  const name = status.startsWith(PROTO_STATUS_PREFIX) ? status.slice(PROTO_STATUS_PREFIX.length) : status;
  if (!(ORDER_STATUSES as readonly string[]).includes(name)) {
    throw new OrderflowError('REQUEST_INVALID', `Unknown order status ${status}.`, { context: { status } });
  }
  return name as OrderStatus;
};

const requireOrderId = (orderId: string): string => {
  if (orderId === '' || orderId.length > HEADER_LIMITS.correlationId || !/^[\x21-\x7e]+$/.test(orderId)) {
    throw new OrderflowError('REQUEST_INVALID', 'order_id must be 1-128 visible ASCII characters.', {
      context: { orderId: orderId.slice(0, 140) },
    });
  }
  return orderId;
};

/** A call's deadline as epoch ms (Infinity when the client set none). */
const deadlineOf = (call: { getDeadline(): Date | number }): number => {
  const deadline = call.getDeadline();
  return deadline instanceof Date ? deadline.getTime() : deadline;
};

/**
 * gRPC ⇄ the status view and the delivery command (orderflow.order.v1.OrderService): parsing, mapping
 * and streams, nothing else. Errors leave as their mapped status codes (GrpcErrorsFilter).
 */
@Controller()
@UseFilters(GrpcErrorsFilter)
export class OrderServiceGrpc {
  constructor(
    private readonly views: OrderStatusRepository,
    private readonly delivery: OrderDeliveryService,
    private readonly feed: OrderStatusFeed,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @GrpcMethod('OrderService', 'GetOrder')
  async getOrder(request: GetOrderRequest): Promise<GetOrderResponse> {
    const orderId = requireOrderId(request.orderId);
    const view = await this.views.find(orderId);
    if (view === null) {
      throw new OrderflowError('NOT_FOUND', `No order ${orderId} is known.`, { context: { orderId } });
    }
    return { order: toGrpcOrder(view) };
  }

  @GrpcMethod('OrderService', 'MarkDeliveryStarted')
  async markDeliveryStarted(
    request: MarkDeliveryStartedRequest,
    metadata: Metadata,
    call: ServerUnaryCall<unknown, unknown>,
  ): Promise<MarkDeliveryStartedResponse> {
    const orderId = requireOrderId(request.orderId);
    const { correlationId = randomUUID(), traceparent, idempotencyKey } = fromMetadata(metadata);
    // Every line logged for this call carries the caller's trace, as a consumed event's lines do.
    return withLogContext({ correlationId, traceparent, idempotencyKey }, async () => {
      try {
        const outcome = await this.delivery.markDeliveryStarted({
          orderId,
          correlationId,
          ...(traceparent === undefined ? {} : { traceparent }),
          deadline: deadlineOf(call),
        });
        return { order: toGrpcOrder(outcome.order), alreadyStarted: outcome.alreadyStarted };
      } catch (error) {
        this.logger.warn('order.delivery-start-refused', { orderId, error });
        throw error;
      }
    });
  }

  @GrpcMethod('OrderService', 'WatchOrder')
  watchOrder(
    request: WatchOrderRequest,
    _metadata: Metadata,
    call: ServerWritableStream<unknown, WatchOrderResponse>,
  ): Observable<never> {
    const orderId = requireOrderId(request.orderId);
    return streamToCall(
      call,
      (signal) => this.feed.watchOrder(orderId, signal),
      (view) => ({ order: toGrpcOrder(view) }),
    );
  }

  @GrpcMethod('OrderService', 'WatchOrders')
  watchOrders(
    request: WatchOrdersRequest,
    _metadata: Metadata,
    call: ServerWritableStream<unknown, WatchOrdersResponse>,
  ): Observable<never> {
    const statuses = new Set(request.statuses.map((status) => fromGrpcStatus(String(status))));
    return streamToCall(
      call,
      (signal) => this.feed.watchOrders(statuses, signal),
      (view) => ({ order: toGrpcOrder(view) }),
    );
  }
}
