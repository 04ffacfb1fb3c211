import { setTimeout as delay } from 'node:timers/promises';

import { Inject, Injectable } from '@nestjs/common';

import { isOrderflowError } from '@orderflow/errors';

import {
  FAIL_POINTS,
  LOGGER,
  NO_FAIL_POINTS,
  type FailPoints,
  type FencingToken,
} from '@orderflow/service-runtime';
import type { Logger } from '@orderflow/logging';

import type { NotificationConfig } from '@orderflow/notification';
import { composeNotification } from './notification-message';
import type { NotificationSender } from './notification-sender';
import { NOTIFICATION_CONFIG, NOTIFICATION_SENDER } from './notification.tokens';
import type { NotificationRequest, SentNotification } from '@orderflow/notification';
import { SentNotificationsRepository } from './sent-notifications.repository';

/**
 * How long the record of a notification already sent is retried while Redis does not answer: giving up
 * makes the job's next attempt send it again (chaos case 13: connection resets between the sender and Redis
 * sent 21 notifications twice; case 9: Redis stalled 20 s, past a 10 s retry, sent one twice). The lease
 * may expire meanwhile: the record is still written unless another delivery took the job over (LEASE_LOST,
 * not retried here). A minute, then the job fails loudly and goes to a delay tier.
 */
const RECORD_RETRY_MS = 60_000;

/**
 * Tells a customer about their order's outcome, at most once per (order, kind) in all but one case.
 *
 * The record is written after the sender accepted the message, not claimed before sending:
 * - Claiming first (SET NX, then send) loses the notification for good if the process dies between the
 *   claim and the send: the redelivery finds the claim and skips. A customer never told their order is
 *   confirmed is the worse failure.
 * - Recording after sending can send twice only if the process dies between the send and the record (one
 *   Redis round trip): the redelivery finds no record and sends again.
 * Concurrent duplicates are not possible either way: the runtime's lease per (group, eventId) lets one
 * delivery of an event run at a time, and one (order, kind) comes from one event (follow-up eventIds are
 * deterministic). The record is written with SET NX, so if two ever raced, the first record stands.
 * A delivery that lost its lease (a paused process) sends nothing once it knows (the signal), and cannot
 * record once the job's next delivery took the lease over (the fencing token): that holder finds no record
 * and sends; a send already under way when the lease was taken is the one duplicate left, as with a crash.
 * A lease that only expired (Redis stalled past it) still lets the record be written, so nothing resends.
 *
 * A skipped send still answers with what was sent: the first attempt may have died before its
 * notification.sent was published, and the deterministic eventId deduplicates a re-publish downstream.
 */
@Injectable()
export class NotificationService {
  constructor(
    @Inject(NOTIFICATION_SENDER) private readonly sender: NotificationSender,
    private readonly sent: SentNotificationsRepository,
    @Inject(NOTIFICATION_CONFIG) private readonly settings: Pick<NotificationConfig, 'channel'>,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(FAIL_POINTS) private readonly failPoints: FailPoints = NO_FAIL_POINTS,
  ) {}

  async notify(
    request: NotificationRequest,
    lease: { signal: AbortSignal; fence: FencingToken },
  ): Promise<SentNotification> {
    const already = await this.sent.find(request.orderId, request.kind);
    if (already !== undefined) {
      this.logger.info('notification.already-sent', { orderId: request.orderId, kind: request.kind });
      return already;
    }
    const notification = composeNotification(request, this.settings.channel);
    lease.signal.throwIfAborted();
    await this.sender.send(notification);
    this.failPoints.reach('after-send', request.orderId);
    const record = await this.recordSent(
      {
        orderId: notification.orderId,
        kind: notification.kind,
        channel: notification.channel,
        recipient: notification.recipient,
        sentAt: Date.now(),
      },
      lease.fence,
    );
    this.logger.info('notification.sent', {
      orderId: record.orderId,
      kind: record.kind,
      channel: record.channel,
    });
    return record;
  }

  /** recordIfAbsent, retried through Redis being unreachable for up to RECORD_RETRY_MS. */
  private async recordSent(sent: SentNotification, fence: FencingToken): Promise<SentNotification> {
    const deadline = Date.now() + RECORD_RETRY_MS;
    for (let backoffMs = 100; ; backoffMs = Math.min(backoffMs * 2, 1_000)) {
      try {
        return await this.sent.recordIfAbsent(sent, fence);
      } catch (error) {
        const unreachable = isOrderflowError(error) && error.code === 'DEPENDENCY_UNAVAILABLE';
        if (!unreachable || Date.now() + backoffMs > deadline) throw error;
        this.logger.warn('notification.record-retried', { orderId: sent.orderId, kind: sent.kind, error });
        await delay(backoffMs);
      }
    }
  }
}
