import {
  Inject,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestModule,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Redis } from 'ioredis';

import type { GrpcServerControl } from '@orderflow/grpc';
import type { Logger } from '@orderflow/logging';
import { LOGGER, REDIS_CLIENT, RUNTIME_CONFIG, type RuntimeConfig } from '@orderflow/service-runtime';

import { CorrelationIdMiddleware } from './correlation-id.middleware';
import { IdempotencyKeysRepository } from './idempotency-keys.repository';
import type { OrderApiConfig } from './order-api.config';
import { ORDER_API_CONFIG, ORDER_GRPC_SERVER } from './order-api.tokens';
import { OrderDeliveryService } from './order-delivery.service';
import { OrderIntakeService } from './order-intake.service';
import { OrderServiceGrpc } from './order-service.grpc';
import { OrderStatusFeed } from './order-status.feed';
import { OrderStatusHandler } from './order-status.handler';
import { OrderStatusRepository } from './order-status.repository';
import { OrdersController } from './orders.controller';

/**
 * The order API: POST/GET /orders and the status feed (SSE) over HTTP, orderflow.order.v1.OrderService
 * over gRPC, and the `order-api` group's status-view projection. Needs configureOrderApiHttp and the gRPC
 * transport on the app; startOrderApi does both.
 */
@Module({})
export class OrderApiModule
  implements NestModule, OnApplicationBootstrap, OnModuleDestroy, BeforeApplicationShutdown
{
  constructor(
    private readonly feed: OrderStatusFeed,
    @Inject(ORDER_GRPC_SERVER) private readonly grpcServer: GrpcServerControl,
    @Inject(ORDER_API_CONFIG) private readonly config: OrderApiConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  static forRoot(config: OrderApiConfig, grpcServer: GrpcServerControl): DynamicModule {
    return {
      module: OrderApiModule,
      controllers: [OrdersController, OrderStatusHandler, OrderServiceGrpc],
      providers: [
        { provide: ORDER_API_CONFIG, useValue: config },
        { provide: ORDER_GRPC_SERVER, useValue: grpcServer },
        {
          provide: OrderStatusRepository,
          inject: [REDIS_CLIENT, RUNTIME_CONFIG],
          useFactory: (redis: Redis, runtime: RuntimeConfig) =>
            new OrderStatusRepository({
              redis,
              topicPrefix: runtime.topicPrefix,
              statusTtlSeconds: config.statusTtlSeconds,
            }),
        },
        {
          provide: OrderStatusFeed,
          inject: [REDIS_CLIENT, OrderStatusRepository, LOGGER],
          // A connection of its own: one in subscriber mode can run no other command.
          useFactory: async (redis: Redis, views: OrderStatusRepository, logger: Logger) => {
            const feed = new OrderStatusFeed(redis.duplicate(), views, logger);
            await feed.start();
            return feed;
          },
        },
        {
          provide: IdempotencyKeysRepository,
          inject: [REDIS_CLIENT, RUNTIME_CONFIG],
          useFactory: (redis: Redis, runtime: RuntimeConfig) =>
            new IdempotencyKeysRepository({ redis, topicPrefix: runtime.topicPrefix }),
        },
        OrderIntakeService,
        OrderDeliveryService,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(CorrelationIdMiddleware).forRoutes(OrdersController);
  }

  onApplicationBootstrap(): void {
    this.grpcServer.setServing(true);
  }

  /** Streams end first (clients hear UNAVAILABLE and watch again elsewhere), then the transports close. */
  onModuleDestroy(): void {
    this.grpcServer.setServing(false);
    this.feed.close();
  }

  /**
   * Unary calls in flight (a delivery being marked) are answered before Nest closes the transport, which
   * would cancel them; Kafka and Redis are still open for them until then.
   */
  async beforeApplicationShutdown(): Promise<void> {
    const { cutShort } = await this.grpcServer.drain(this.config.grpc.drainMs);
    if (cutShort) {
      this.logger.warn('grpc.drain-cut-short', {
        drainMs: this.config.grpc.drainMs,
        hint: 'calls still open were cancelled; their callers retry',
      });
    }
  }
}
