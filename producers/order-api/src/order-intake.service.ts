import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';

import { Inject, Injectable } from '@nestjs/common';

import { EVENT_PUBLISHER, LOGGER } from '@orderflow/service-runtime';
import type { OrderCreated } from '@orderflow/contracts';
import { isOrderflowError } from '@orderflow/errors';
import type { EventPublisher } from '@orderflow/kafka';
import type { Logger } from '@orderflow/logging';

import { decideOnExistingKey, type AcceptedOrder } from './idempotency-decision';
import { IdempotencyKeysRepository } from './idempotency-keys.repository';
import type { OrderApiConfig } from './order-api.config';
import { ORDER_API_CONFIG } from './order-api.tokens';
import { orderIdentity } from './order-identity';
import type { OrderRequest } from './order-request.schema';
import { OrderStatusRepository } from './order-status.repository';
import { orderPlaced } from './order-status.updates';
import { totalCents } from './order-total';

/**
 * How often a request polls for the answer of a concurrent request with the same Idempotency-Key: soon at
 * first (a double submit is answered within milliseconds), then less often. A fixed 25 ms had every retry
 * of an order whose claim a killed instance held poll Redis 200 times in its 5 s wait.
 */
const IDEMPOTENCY_POLL_MS = { first: 25, max: 400 };

export interface OrderSubmission {
  order: OrderRequest;
  correlationId: string;
  /**
   * When the request arrived (epoch ms): the publish deadline counts from here, so time spent on the key's
   * claim or waiting for a concurrent request with the same key is inside the client's deadline, not added
   * to it (chaos case 5 saw answers at 12–13 s against the 10 s deadline when it counted from the publish).
   */
  receivedAt: number;
  /** Present when the client sent an Idempotency-Key; bodyHash binds the key to this exact order. */
  idempotency?: { key: string; bodyHash: string };
}

export type SubmissionOutcome =
  | { kind: 'accepted'; order: AcceptedOrder; replayed: boolean }
  /**
   * order.created was sent but not acknowledged: it may or may not be in the log. With a key, a retry
   * publishes the same order again; without one, the client looks the order up before placing another.
   */
  | { kind: 'outcome-unknown'; orderId: string }
  /** The key was used before with a different body. */
  | { kind: 'idempotency-key-reused' }
  /** A request with the same key is still publishing after the wait deadline. */
  | { kind: 'idempotency-key-busy' };

/** What place() publishes: fixed per key, or fresh for a request without one. */
interface OrderEventIdentity {
  orderId: string;
  eventId: string;
  occurredAt: number;
}

/**
 * Turns a validated order into order.created. The event is published (and acknowledged by the broker)
 * before anything is stored or answered, so no caller ever hears "accepted" about an order that was not
 * published. Failures that sent nothing propagate (DEPENDENCY_UNAVAILABLE is retriable: the caller
 * answers 503); a publish whose outcome is unknown is an outcome of its own, never "not placed".
 */
@Injectable()
export class OrderIntakeService {
  constructor(
    @Inject(EVENT_PUBLISHER) private readonly publisher: EventPublisher,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(ORDER_API_CONFIG)
    private readonly config: Pick<OrderApiConfig, 'idempotency' | 'publishTimeoutMs'>,
    private readonly statusViews: OrderStatusRepository,
    private readonly idempotencyKeys: IdempotencyKeysRepository,
  ) {}

  async submit(submission: OrderSubmission): Promise<SubmissionOutcome> {
    if (submission.idempotency === undefined) {
      const identity = { orderId: randomUUID(), eventId: randomUUID(), occurredAt: Date.now() };
      return this.placeOrUnknown(submission, identity);
    }
    return this.submitOnce(submission, submission.idempotency);
  }

  // One order per key however many requests race or retry: the claim picks one request at a time, the
  // others wait for its answer; a request that failed ends its lease early, and the next attempt
  // publishes the very same event (ids from the key, event time from the first claim).
  private async submitOnce(
    submission: OrderSubmission,
    idempotency: { key: string; bodyHash: string },
  ): Promise<SubmissionOutcome> {
    const { key, bodyHash } = idempotency;
    const { leaseMs, waitMs, ttlSeconds } = this.config.idempotency;
    const ids = orderIdentity(key, bodyHash);
    const deadline = Date.now() + waitMs;
    const token = randomUUID();
    let pollMs = IDEMPOTENCY_POLL_MS.first;
    for (;;) {
      const record = await this.idempotencyKeys.claim(key, {
        bodyHash,
        token,
        occurredAt: Date.now(),
        leaseMs,
        ttlSeconds,
      });
      if (record.state === 'claimed' && record.token === token) {
        return this.placeClaimed(submission, key, token, { ...ids, occurredAt: record.occurredAt });
      }
      const decision = decideOnExistingKey(record, bodyHash);
      if (decision.action === 'conflict') return { kind: 'idempotency-key-reused' };
      if (decision.action === 'replay') return { kind: 'accepted', order: decision.order, replayed: true };
      if (Date.now() >= deadline) return { kind: 'idempotency-key-busy' };
      await delay(Math.min(pollMs, Math.max(0, deadline - Date.now())));
      pollMs = Math.min(pollMs * 2, IDEMPOTENCY_POLL_MS.max);
    }
  }

  private async placeClaimed(
    submission: OrderSubmission,
    key: string,
    token: string,
    identity: OrderEventIdentity,
  ): Promise<SubmissionOutcome> {
    const { bodyHash } = submission.idempotency!;
    const outcome = await this.placeOrUnknown(submission, identity).catch(async (error: unknown) => {
      await this.release(key, token);
      throw error;
    });
    if (outcome.kind !== 'accepted') {
      await this.release(key, token);
      return outcome;
    }
    const { ttlSeconds } = this.config.idempotency;
    const stored = await this.idempotencyKeys
      .complete(key, { token, bodyHash, order: outcome.order, ttlSeconds })
      .catch((error: unknown) => {
        // The order is published; a retry after the lease publishes the same event again, which
        // downstream idempotency drops, and then stores this answer.
        this.logger.error('idempotency-key.complete-failed', { idempotencyKey: key, error });
        return true;
      });
    if (stored) return outcome;
    // The lease ended during the publish and another request holds the key now: the same order either
    // way (same ids), but only the stored answer is the key's answer.
    const record = await this.idempotencyKeys.read(key);
    if (record?.state === 'completed') return { kind: 'accepted', order: record.order, replayed: true };
    return { kind: 'idempotency-key-busy' };
  }

  private async release(key: string, token: string): Promise<void> {
    await this.idempotencyKeys.release(key, token).catch((error: unknown) => {
      this.logger.warn('idempotency-key.release-failed', {
        hint: 'the key frees itself when its lease ends',
        idempotencyKey: key,
        error,
      });
    });
  }

  private async placeOrUnknown(
    submission: OrderSubmission,
    identity: OrderEventIdentity,
  ): Promise<SubmissionOutcome> {
    try {
      return { kind: 'accepted', order: await this.place(submission, identity), replayed: false };
    } catch (error) {
      if (!isOrderflowError(error, 'PUBLISH_OUTCOME_UNKNOWN')) throw error;
      this.logger.warn('order.unacknowledged', {
        hint: 'order.created may be in the log',
        orderId: identity.orderId,
        eventId: identity.eventId,
        error,
      });
      return { kind: 'outcome-unknown', orderId: identity.orderId };
    }
  }

  private async place(submission: OrderSubmission, identity: OrderEventIdentity): Promise<AcceptedOrder> {
    const { order, correlationId } = submission;
    const event: OrderCreated = {
      ...identity,
      customerId: order.customerId,
      items: order.items,
      currency: order.currency,
      totalCents: totalCents(order.items),
      channel: order.channel ?? 'UNKNOWN',
      couponCode: order.couponCode ?? null,
    };
    await this.publisher.publish(
      [{ topic: 'order.created', key: event.orderId, value: event, trace: { correlationId } }],
      { deadline: submission.receivedAt + this.config.publishTimeoutMs },
    );
    this.logger.info('order.accepted', {
      orderId: event.orderId,
      eventId: event.eventId,
      totalCents: event.totalCents,
    });
    await this.statusViews.apply(orderPlaced(event)).catch((error: unknown) => {
      // Published is accepted: the projection creates the view from the first follow-up instead.
      this.logger.error('order-status.store-failed', { status: 'PENDING', orderId: event.orderId, error });
    });
    return {
      orderId: event.orderId,
      status: 'PENDING',
      totalCents: event.totalCents,
      currency: event.currency,
    };
  }
}
