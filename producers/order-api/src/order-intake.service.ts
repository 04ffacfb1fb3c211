import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';

import { Inject, Injectable } from '@nestjs/common';

import { EVENT_PUBLISHER, LOGGER } from '@orderflow/consumer-runtime';
import type { OrderCreated } from '@orderflow/contracts';
import type { EventPublisher } from '@orderflow/kafka';
import type { Logger } from '@orderflow/logging';

import { decideOnExistingKey, type AcceptedOrder } from './idempotency-decision';
import { IdempotencyKeysRepository } from './idempotency-keys.repository';
import type { OrderApiConfig } from './order-api.config';
import { ORDER_API_CONFIG } from './order-api.tokens';
import type { OrderRequest } from './order-request.schema';
import { OrderStatusRepository } from './order-status.repository';
import { orderPlaced } from './order-status.updates';
import { totalCents } from './order-total';

/** How often a request polls for the answer of a concurrent request with the same Idempotency-Key. */
const IDEMPOTENCY_POLL_MS = 25;

export interface OrderSubmission {
  order: OrderRequest;
  correlationId: string;
  /** Present when the client sent an Idempotency-Key; bodyHash binds the key to this exact body. */
  idempotency?: { key: string; bodyHash: string };
}

export type SubmissionOutcome =
  | { kind: 'accepted'; order: AcceptedOrder; replayed: boolean }
  /** The key was used before with a different body. */
  | { kind: 'idempotency-key-reused' }
  /** A request with the same key is still publishing after the wait deadline. */
  | { kind: 'idempotency-key-busy' };

/**
 * Turns a validated order into order.created. The event is published (and acknowledged by the broker)
 * before anything is stored or answered, so no caller ever hears "accepted" about an order that was not
 * published. Publishing failures propagate (DEPENDENCY_UNAVAILABLE is retriable: the caller answers 503).
 */
@Injectable()
export class OrderIntakeService {
  constructor(
    @Inject(EVENT_PUBLISHER) private readonly publisher: EventPublisher,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(ORDER_API_CONFIG) private readonly config: Pick<OrderApiConfig, 'idempotency'>,
    private readonly statusViews: OrderStatusRepository,
    private readonly idempotencyKeys: IdempotencyKeysRepository,
  ) {}

  async submit(submission: OrderSubmission): Promise<SubmissionOutcome> {
    if (submission.idempotency === undefined) {
      return { kind: 'accepted', order: await this.place(submission), replayed: false };
    }
    return this.submitOnce(submission, submission.idempotency);
  }

  // One publish per key however many requests race: SET NX picks one; the others wait for its answer, or
  // take over the key if it failed and released it.
  private async submitOnce(
    submission: OrderSubmission,
    idempotency: { key: string; bodyHash: string },
  ): Promise<SubmissionOutcome> {
    const { key, bodyHash } = idempotency;
    const { leaseMs, waitMs, ttlSeconds } = this.config.idempotency;
    const deadline = Date.now() + waitMs;
    for (;;) {
      const token = randomUUID();
      if (await this.idempotencyKeys.claim(key, { bodyHash, token, leaseMs })) {
        const order = await this.place(submission).catch(async (error: unknown) => {
          await this.idempotencyKeys.release(key, token).catch((releaseError: unknown) => {
            this.logger.warn('could not release the idempotency key; it frees itself when the lease ends', {
              idempotencyKey: key,
              error: releaseError,
            });
          });
          throw error;
        });
        await this.idempotencyKeys
          .complete(key, { token, bodyHash, order, ttlSeconds })
          .catch((error: unknown) => {
            // The order is published; answering 503 now would invite a duplicate. Retries after the lease
            // ends may place a second order, which the log line makes traceable.
            this.logger.error('could not store the idempotency key answer', { idempotencyKey: key, error });
          });
        return { kind: 'accepted', order, replayed: false };
      }
      const decision = decideOnExistingKey(await this.idempotencyKeys.read(key), bodyHash);
      if (decision.action === 'conflict') return { kind: 'idempotency-key-reused' };
      if (decision.action === 'replay') return { kind: 'accepted', order: decision.order, replayed: true };
      if (decision.action === 'wait') {
        if (Date.now() >= deadline) return { kind: 'idempotency-key-busy' };
        await delay(IDEMPOTENCY_POLL_MS);
      }
    }
  }

  private async place(submission: OrderSubmission): Promise<AcceptedOrder> {
    const { order, correlationId } = submission;
    const event: OrderCreated = {
      eventId: randomUUID(),
      occurredAt: Date.now(),
      orderId: randomUUID(),
      customerId: order.customerId,
      items: order.items,
      currency: order.currency,
      totalCents: totalCents(order.items),
    };
    await this.publisher.publish([
      { topic: 'order.created', key: event.orderId, value: event, trace: { correlationId } },
    ]);
    this.logger.info('order accepted', {
      orderId: event.orderId,
      eventId: event.eventId,
      totalCents: event.totalCents,
    });
    await this.statusViews.apply(orderPlaced(event)).catch((error: unknown) => {
      // Published is accepted: the projection creates the view from the first follow-up instead.
      this.logger.error('could not store the PENDING status view', { orderId: event.orderId, error });
    });
    return {
      orderId: event.orderId,
      status: 'PENDING',
      totalCents: event.totalCents,
      currency: event.currency,
    };
  }
}
