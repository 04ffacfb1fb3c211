import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import type { Redis } from 'ioredis';

import { LOGGER, REDIS_CLIENT, RUNTIME_CONFIG, type RuntimeConfig } from '@orderflow/service-runtime';
import type { Logger } from '@orderflow/logging';

import { createNotificationSender } from './create-notification-sender';
import type { NotificationConfig } from './notification.config';
import { NotificationHandler } from './notification.handler';
import type { NotificationSender } from './notification-sender';
import { NotificationService } from './notification.service';
import { NOTIFICATION_CONFIG, NOTIFICATION_SENDER } from './notification.tokens';
import { SentNotificationsRepository } from './sent-notifications.repository';

export interface NotificationModuleOptions {
  /** Replaces the configured sender (e.g. a test capturing what is sent, or a real gateway). */
  sender?: NotificationSender;
}

/** The notification consumer group's handlers and services; Redis, logger and publisher come from the runtime. */
@Module({})
export class NotificationModule {
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
      ],
    };
  }
}
