import { Inject, Module, type DynamicModule, type OnModuleDestroy } from '@nestjs/common';

import { OrderflowError } from '@orderflow/errors';
import { createJobPublisher, loadQueueTopology, type JobPublisher } from '@orderflow/rabbitmq';

import type { NotificationConfig } from './notification.config';
import { NotificationHandler } from './notification.handler';
import { NotificationJobs } from './notification-jobs';
import { JOB_PUBLISHER, NOTIFICATION_CONFIG, SEND_QUEUE } from './notification.tokens';

/** The notification consumer group: decides what to tell and enqueues it; Redis and logger come from the runtime. */
@Module({})
export class NotificationModule implements OnModuleDestroy {
  constructor(@Inject(JOB_PUBLISHER) private readonly publisher: JobPublisher) {}

  static forRoot(config: NotificationConfig): DynamicModule {
    const queue = loadQueueTopology(config.runtime.topicPrefix)['notification.send'];
    if (queue === undefined) {
      throw new OrderflowError('CONFIG_INVALID', 'queues.yaml declares no notification.send work queue.');
    }
    return {
      module: NotificationModule,
      controllers: [NotificationHandler],
      providers: [
        { provide: NOTIFICATION_CONFIG, useValue: config },
        { provide: SEND_QUEUE, useValue: queue },
        {
          provide: JOB_PUBLISHER,
          useFactory: () =>
            createJobPublisher({
              url: config.amqpUrl,
              name: config.runtime.service,
              confirmTimeoutMs: config.jobConfirmTimeoutMs,
            }),
        },
        NotificationJobs,
      ],
    };
  }

  async onModuleDestroy(): Promise<void> {
    await this.publisher.close();
  }
}
