import { Module, type DynamicModule, type Provider } from '@nestjs/common';

import { LOGGER } from '@orderflow/consumer-runtime';
import type { Logger } from '@orderflow/logging';

import { createNotificationSender } from './create-notification-sender';
import type { NotificationConfig, NotificationSettings } from './notification.config';
import { NotificationHandler } from './notification.handler';
import { NOTIFICATION_SENDER, type NotificationSender } from './notification-sender';
import { NotificationService } from './notification.service';
import { NOTIFICATION_SETTINGS } from './notification.tokens';
import { SentNotificationsRepository } from './sent-notifications.repository';

export interface NotificationModuleOptions {
  /** Replaces the configured sender (e.g. a test capturing what is sent, or a real gateway). */
  sender?: NotificationSender;
}

/** The notification consumer group's handlers and services; Redis, logger and publisher come from the runtime. */
@Module({})
export class NotificationModule {
  static forRoot(config: NotificationConfig, options: NotificationModuleOptions = {}): DynamicModule {
    const settings: NotificationSettings = {
      sender: config.sender,
      sinkFile: config.sinkFile,
      channel: config.channel,
      recordTtlDays: config.recordTtlDays,
    };
    const sender: Provider =
      options.sender === undefined
        ? {
            provide: NOTIFICATION_SENDER,
            useFactory: (logger: Logger) => createNotificationSender(settings, logger),
            inject: [LOGGER],
          }
        : { provide: NOTIFICATION_SENDER, useValue: options.sender };
    return {
      module: NotificationModule,
      controllers: [NotificationHandler],
      providers: [
        { provide: NOTIFICATION_SETTINGS, useValue: settings },
        sender,
        SentNotificationsRepository,
        NotificationService,
      ],
    };
  }
}
