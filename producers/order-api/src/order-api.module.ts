import { Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import type { Redis } from 'ioredis';

import { REDIS_CLIENT, RUNTIME_CONFIG, type RuntimeConfig } from '@orderflow/service-runtime';

import { CorrelationIdMiddleware } from './correlation-id.middleware';
import { IdempotencyKeysRepository } from './idempotency-keys.repository';
import type { OrderApiConfig } from './order-api.config';
import { ORDER_API_CONFIG } from './order-api.tokens';
import { OrderIntakeService } from './order-intake.service';
import { OrderStatusHandler } from './order-status.handler';
import { OrderStatusRepository } from './order-status.repository';
import { OrdersController } from './orders.controller';

/**
 * The order API: POST/GET /orders over HTTP, and the `order-api` group's status-view projection. Needs
 * configureOrderApiHttp on the app (body limit, OpenAPI); startOrderApi does both.
 */
@Module({})
export class OrderApiModule implements NestModule {
  static forRoot(config: OrderApiConfig): DynamicModule {
    return {
      module: OrderApiModule,
      controllers: [OrdersController, OrderStatusHandler],
      providers: [
        { provide: ORDER_API_CONFIG, useValue: config },
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
          provide: IdempotencyKeysRepository,
          inject: [REDIS_CLIENT, RUNTIME_CONFIG],
          useFactory: (redis: Redis, runtime: RuntimeConfig) =>
            new IdempotencyKeysRepository({ redis, topicPrefix: runtime.topicPrefix }),
        },
        OrderIntakeService,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(CorrelationIdMiddleware).forRoutes(OrdersController);
  }
}
