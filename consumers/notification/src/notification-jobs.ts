import { Inject, Injectable } from '@nestjs/common';

import type { Logger } from '@orderflow/logging';
import type { JobPublisher, WorkQueue } from '@orderflow/rabbitmq';
import { LOGGER, type EventContext } from '@orderflow/service-runtime';

import { JOB_PUBLISHER, SEND_QUEUE } from './notification.tokens';
import type { NotificationJob, NotificationRequest } from './notification.types';

/** The deterministic notification id: one per (order, kind), whichever delivery of the event enqueues it. */
export const notificationId = (request: Pick<NotificationRequest, 'orderId' | 'kind'>): string =>
  `${request.orderId}:${request.kind}`;

/**
 * Hands a send job to the notification.send work queue and returns once RabbitMQ confirmed it (persistent,
 * quorum queue): only then does the handler return and the Kafka offset move past the event. A job that is
 * not confirmed fails the handler with QUEUE_UNAVAILABLE, which defers the record on its partition.
 */
@Injectable()
export class NotificationJobs {
  constructor(
    @Inject(JOB_PUBLISHER) private readonly publisher: JobPublisher,
    @Inject(SEND_QUEUE) private readonly queue: WorkQueue,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async enqueue(
    request: NotificationRequest,
    context: Pick<EventContext, 'eventId' | 'correlationId' | 'traceparent'>,
  ): Promise<void> {
    const job: NotificationJob = { request, sourceEventId: context.eventId };
    const messageId = notificationId(request);
    await this.publisher.publish(this.queue, {
      messageId,
      correlationId: context.correlationId,
      ...(context.traceparent === undefined ? {} : { traceparent: context.traceparent }),
      body: job,
    });
    this.logger.info('notification.enqueued', { orderId: request.orderId, kind: request.kind, messageId });
  }
}
