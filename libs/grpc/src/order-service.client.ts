import {
  credentials,
  loadPackageDefinition,
  type CallOptions,
  type ClientReadableStream,
  type ClientUnaryCall,
} from '@grpc/grpc-js';

import { OrderflowError } from '@orderflow/errors';

import { toMetadata, type CallMetadata } from './call-metadata';
import type { ProtoGrpcType } from './generated/order_service';
import type { GetOrderResponse__Output } from './generated/orderflow/order/v1/GetOrderResponse';
import type { MarkDeliveryStartedResponse__Output } from './generated/orderflow/order/v1/MarkDeliveryStartedResponse';
import type { OrderServiceClient } from './generated/orderflow/order/v1/OrderService';
import type { OrderStatus__Output } from './generated/orderflow/order/v1/OrderStatus';
import type { WatchOrderResponse__Output } from './generated/orderflow/order/v1/WatchOrderResponse';
import type { WatchOrdersResponse__Output } from './generated/orderflow/order/v1/WatchOrdersResponse';
import { fromGrpcError } from './grpc-errors';
import { loadOrderServiceDefinition, ORDER_SERVICE_NAME } from './proto-files';

/**
 * The channel's settings, chosen rather than left to defaults:
 * - keepalive pings every 30 s while a call is open (a stream idle for minutes behind a NAT or a dead peer
 *   is noticed within 40 s), never without calls, so idle clients cost the server nothing; the server
 *   permits pings that often (orderServiceGrpcOptions);
 * - a retry policy for UNAVAILABLE only: a server restarting or not caught up is tried again within the
 *   same call's deadline (4 attempts, 100 ms doubling to 1 s), transparently and only for calls the
 *   server never answered otherwise. DEADLINE_EXCEEDED is not retried here: the deadline is the caller's
 *   whole budget, and the caller's own retry (the consumer's retry tiers) takes over.
 */
const CHANNEL_OPTIONS = {
  'grpc.keepalive_time_ms': 30_000,
  'grpc.keepalive_timeout_ms': 10_000,
  'grpc.keepalive_permit_without_calls': 0,
  'grpc.enable_retries': 1,
  'grpc.service_config': JSON.stringify({
    methodConfig: [
      {
        name: [{ service: ORDER_SERVICE_NAME }],
        retryPolicy: {
          maxAttempts: 4,
          initialBackoff: '0.1s',
          maxBackoff: '1s',
          backoffMultiplier: 2,
          retryableStatusCodes: ['UNAVAILABLE'],
        },
      },
    ],
  }),
};

export interface CallSettings {
  /** The call's whole budget, retries included. */
  deadlineMs: number;
  metadata?: CallMetadata;
  /** Cancels the call (e.g. the consumer's lease was lost). */
  signal?: AbortSignal;
}

/**
 * One channel to the order service, reused by every call of a process (a channel multiplexes calls over
 * one HTTP/2 connection and reconnects by itself). Failures come back as OrderflowErrors (grpc-errors.ts).
 */
export class OrderServiceClientChannel {
  private readonly client: OrderServiceClient;

  constructor(readonly address: string) {
    const proto = loadPackageDefinition(loadOrderServiceDefinition()) as unknown as ProtoGrpcType;
    this.client = new proto.orderflow.order.v1.OrderService(
      address,
      credentials.createInsecure(),
      CHANNEL_OPTIONS,
    );
  }

  getOrder(orderId: string, settings: CallSettings): Promise<GetOrderResponse__Output> {
    return this.unary('GetOrder', orderId, settings, (metadata, options, done) =>
      this.client.getOrder({ orderId }, metadata, options, done),
    );
  }

  markDeliveryStarted(orderId: string, settings: CallSettings): Promise<MarkDeliveryStartedResponse__Output> {
    return this.unary('MarkDeliveryStarted', orderId, settings, (metadata, options, done) =>
      this.client.markDeliveryStarted({ orderId }, metadata, options, done),
    );
  }

  /** The order's views until it is final; the iterator ends with the stream, throwing its error if any. */
  watchOrder(
    orderId: string,
    settings: Partial<CallSettings> = {},
  ): AsyncGenerator<WatchOrderResponse__Output> {
    return this.stream('WatchOrder', { orderId }, settings, (metadata, options) =>
      this.client.watchOrder({ orderId }, metadata, options),
    );
  }

  /** Every order's status changes (to `statuses` only, if any) until cancelled through `signal`. */
  watchOrders(
    statuses: OrderStatus__Output[],
    settings: Partial<CallSettings> = {},
  ): AsyncGenerator<WatchOrdersResponse__Output> {
    return this.stream('WatchOrders', { statuses }, settings, (metadata, options) =>
      this.client.watchOrders({ statuses }, metadata, options),
    );
  }

  close(): void {
    this.client.close();
  }

  private async *stream<T>(
    method: string,
    context: Record<string, unknown>,
    { deadlineMs, metadata = {}, signal }: Partial<CallSettings>,
    open: (metadata: ReturnType<typeof toMetadata>, options: CallOptions) => ClientReadableStream<T>,
  ): AsyncGenerator<T> {
    const stream = open(
      toMetadata(metadata),
      deadlineMs === undefined ? {} : { deadline: Date.now() + deadlineMs },
    );
    const cancel = () => stream.cancel();
    if (signal?.aborted) cancel();
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      for await (const message of stream) yield message as T;
    } catch (error) {
      throw fromGrpcError(error, { method, ...context });
    } finally {
      signal?.removeEventListener('abort', cancel);
      // A consumer that stops early (break) must not leave the call open on the server.
      stream.cancel();
    }
  }

  private unary<T>(
    method: string,
    orderId: string,
    { deadlineMs, metadata = {}, signal }: CallSettings,
    call: (
      metadata: ReturnType<typeof toMetadata>,
      options: CallOptions,
      done: (error: Error | null, value?: T) => void,
    ) => ClientUnaryCall,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (signal?.aborted) {
        reject(fromGrpcError(signal.reason, { method, orderId }));
        return;
      }
      const pending = call(toMetadata(metadata), { deadline: Date.now() + deadlineMs }, (error, value) => {
        signal?.removeEventListener('abort', cancel);
        if (error) reject(fromGrpcError(error, { method, orderId, deadlineMs }));
        else if (value === undefined) {
          reject(
            new OrderflowError('REMOTE_CALL_FAILED', `${method} answered nothing.`, { context: { orderId } }),
          );
        } else resolve(value);
      });
      const cancel = () => pending.cancel();
      signal?.addEventListener('abort', cancel, { once: true });
    });
  }
}
