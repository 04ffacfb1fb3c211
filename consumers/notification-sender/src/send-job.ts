import { setTimeout as delay } from 'node:timers/promises';

import { z } from 'zod';

import { NOTIFICATION_KINDS } from '@orderflow/contracts';
import { OrderflowError } from '@orderflow/errors';
import type { Claim, IdempotencyStore } from '@orderflow/idempotency';
import { deriveEventId, type EventPublisher } from '@orderflow/kafka';
import type { Logger } from '@orderflow/logging';
import { notificationId, type NotificationJob, type SentNotification } from '@orderflow/notification';
import type { ReceivedJob } from '@orderflow/rabbitmq';
import type { FailPoints } from '@orderflow/service-runtime';

import type { NotificationService } from './notification.service';
import type { OrderDeliveryClient } from './order-delivery.client';

// The request's own fields are checked by composing the message; here only what routing needs.
const jobSchema = z.object({
  request: z.looseObject({
    orderId: z.string().min(1),
    customerId: z.string(),
    kind: z.enum(NOTIFICATION_KINDS),
  }),
  sourceEventId: z.string().min(1),
});

/** The group notification.sent was published under before the worker existed: its event ids stay the same. */
const SENT_EVENT_GROUP = 'notification';

export interface SendJobDependencies {
  idempotency: IdempotencyStore;
  notifications: NotificationService;
  delivery: OrderDeliveryClient;
  publisher: EventPublisher;
  logger: Logger;
  failPoints: FailPoints;
  /** The idempotency records' group name. */
  group: string;
  /**
   * How long a job waits for another worker's lease on it before it goes to a delay tier: the lease's
   * length, so a crashed worker's lease is always waited out.
   */
  leaseWaitMs: number;
}

/**
 * Claims a job, waiting out a lease someone else holds on it. A busy claim is almost always a worker that
 * died mid-job (the broker redelivered the job; its lease runs out unrenewed): once the lease ends the
 * job is ours, or done if that worker finished after all. Only a lease outliving `leaseWaitMs` (a live
 * worker still extending it) sends the job to a delay tier: each tier spent on a dead worker's lease
 * made the customer wait longer than the lease itself, and leases longer than the tiers dead-lettered it.
 */
const claimWaitingOutLeases = async (
  idempotency: IdempotencyStore,
  group: string,
  messageId: string,
  leaseWaitMs: number,
): Promise<Claim> => {
  const started = Date.now();
  for (;;) {
    const claim = await idempotency.begin(group, messageId);
    if (claim.state !== 'busy' || Date.now() - started + claim.retryInMs > leaseWaitMs) return claim;
    await delay(claim.retryInMs);
  }
};

/**
 * One send job: claim its messageId in Redis (a redelivery of a job done is skipped), send through the
 * pluggable sender (recorded per order and kind, so a crash between send and ack does not send twice),
 * tell the order service a confirmed order's delivery starts, publish notification.sent (key orderId),
 * mark the job done. The worker acks only after this resolves.
 */
export const createSendJobHandler =
  ({
    idempotency,
    notifications,
    delivery,
    publisher,
    logger,
    failPoints,
    group,
    leaseWaitMs,
  }: SendJobDependencies) =>
  async (job: ReceivedJob): Promise<void> => {
    const parsed = jobSchema.safeParse(job.body);
    if (!parsed.success) {
      throw new OrderflowError(
        'EVENT_INVALID',
        `A notification.send job is malformed: ${parsed.error.message}`,
        {
          context: { messageId: job.messageId },
        },
      );
    }
    const { request, sourceEventId } = parsed.data as unknown as NotificationJob;
    if (job.messageId !== notificationId(request)) {
      throw new OrderflowError(
        'EVENT_INVALID',
        'A notification.send job whose messageId is not its notification id.',
        {
          context: { messageId: job.messageId, expected: notificationId(request) },
        },
      );
    }
    const claim = await claimWaitingOutLeases(idempotency, group, job.messageId, leaseWaitMs);
    if (claim.state === 'done') {
      logger.info('notification.job-duplicate', {
        messageId: job.messageId,
        correlationId: job.correlationId,
      });
      return;
    }
    if (claim.state === 'busy') {
      throw new OrderflowError(
        'LEASE_LOST',
        `Job ${job.messageId} is still being sent by another worker after ${leaseWaitMs} ms.`,
        {
          retriable: true,
          context: { messageId: job.messageId, retryInMs: claim.retryInMs },
        },
      );
    }
    const signal = new AbortController().signal;
    try {
      const sent = await notifications.notify(request, { signal, fence: claim.fence });
      if (request.kind === 'ORDER_CONFIRMED') {
        await delivery.markDeliveryStarted(request.orderId, {
          eventId: sourceEventId,
          correlationId: job.correlationId,
          traceparent: job.traceparent,
          signal,
        });
      }
      await publisher.publish([sentEvent(sent, sourceEventId, job)]);
      // Tests: a worker killed here has sent and announced, but neither marked the job done nor acked it.
      failPoints.reach('after-publish', request.orderId, job.attempts + 1);
    } catch (error) {
      await idempotency.abandon(group, job.messageId, claim.token).catch(() => undefined);
      throw error;
    }
    await idempotency.complete(group, job.messageId, claim.token);
  };

const sentEvent = (sent: SentNotification, sourceEventId: string, job: ReceivedJob) => ({
  topic: 'notification.sent' as const,
  key: sent.orderId,
  value: {
    eventId: deriveEventId(sourceEventId, SENT_EVENT_GROUP, 0),
    // Dated when the notification was recorded as sent: a re-emit carries the same time.
    occurredAt: sent.sentAt,
    orderId: sent.orderId,
    channel: sent.channel,
    kind: sent.kind,
    recipient: sent.recipient,
  },
  trace: {
    correlationId: job.correlationId,
    causationId: sourceEventId,
    ...(job.traceparent === undefined ? {} : { traceparent: job.traceparent }),
  },
});
