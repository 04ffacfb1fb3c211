import { Inject, Module, type DynamicModule, type OnModuleDestroy, type Provider } from '@nestjs/common';
import type { Redis } from 'ioredis';

import { LOGGER, REDIS_CLIENT, RUNTIME_CONFIG, type RuntimeConfig } from '@orderflow/service-runtime';
import { OrderServiceClientChannel } from '@orderflow/grpc';
import type { Logger } from '@orderflow/logging';

import { createNotificationSender } from './create-notification-sender';
import type { NotificationConfig } from './notification.config';
import { NotificationHandler } from './notification.handler';
import type { NotificationSender } from './notification-sender';
import { NotificationService } from './notification.service';
import { NOTIFICATION_CONFIG, NOTIFICATION_SENDER, ORDER_SERVICE_CHANNEL } from './notification.tokens';
import { OrderDeliveryClient } from './order-delivery.client';
import { SentNotificationsRepository } from './sent-notifications.repository';

export interface NotificationModuleOptions {
  /** Replaces the configured sender (e.g. a test capturing what is sent, or a real gateway). */
  sender?: NotificationSender;
}

/** The notification consumer group's handlers and services; Redis, logger and publisher come from the runtime. */
@Module({})
export class NotificationModule implements OnModuleDestroy {
  constructor(@Inject(ORDER_SERVICE_CHANNEL) private readonly orderService: OrderServiceClientChannel) {}

  static forRoot(config: NotificationConfig, options: NotificationModuleOptions = {}): DynamicModule {
    const sender: Provider =
      options.sender === undefined
        ? {
            provide: NOTIFICATION_SENDER,
            useFactory: (logger: Logger) => createNotificationSender(config, logger),
            inject: [LOGGER],
          }
        : { provide: NOTIFICATION_SENDER, useValue: options.sender };
    return {
      module: NotificationModule,
      controllers: [NotificationHandler],
      providers: [
        { provide: NOTIFICATION_CONFIG, useValue: config },
        sender,
        {
          provide: SentNotificationsRepository,
          inject: [REDIS_CLIENT, RUNTIME_CONFIG],
          useFactory: (redis: Redis, runtime: RuntimeConfig) =>
            new SentNotificationsRepository({
              redis,
              topicPrefix: runtime.topicPrefix,
              recordTtlDays: config.recordTtlDays,
            }),
        },
        NotificationService,
        // One channel for the process: calls share its connection, keepalive and retry policy.
        {
          provide: ORDER_SERVICE_CHANNEL,
          useFactory: () => new OrderServiceClientChannel(config.orderService.address),
        },
        OrderDeliveryClient,
      ],
    };
  }

  onModuleDestroy(): void {
    this.orderService.close();
  }
}
