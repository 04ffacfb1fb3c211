import type { Redis } from 'ioredis';
import { z } from 'zod';

import { fencedSetIfAbsent, redisKey, type FencingToken } from '@orderflow/service-runtime';
import { redisCall } from '@orderflow/redis';
import { OrderflowError } from '@orderflow/errors';

import type { PaymentOutcome } from './payment.types';

export interface PaymentRecordRepositoryOptions {
  redis: Redis;
  /** The runtime's topic prefix: keys live under it, so tests never collide. */
  topicPrefix: string;
  /** Lifetime of an order's recorded outcome; 35 days unless given. */
  ttlSeconds?: number;
}

const outcomeSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('completed'),
    paymentId: z.string(),
    amountCents: z.number().int(),
    currency: z.string(),
    recordedAt: z.number().int().optional(),
  }),
  z.object({
    status: z.literal('failed'),
    paymentId: z.string().nullable(),
    reason: z.string(),
    amountCents: z.number().int(),
    currency: z.string(),
    recordedAt: z.number().int().optional(),
  }),
]);

/** One payment outcome per order in Redis; the first one recorded is the one that stays. */
export class PaymentRecordRepository {
  private readonly redis: Redis;
  private readonly topicPrefix: string;
  private readonly ttlSeconds: number;

  constructor({ redis, topicPrefix, ttlSeconds = 35 * 24 * 60 * 60 }: PaymentRecordRepositoryOptions) {
    this.redis = redis;
    this.topicPrefix = topicPrefix;
    this.ttlSeconds = ttlSeconds;
  }

  key(orderId: string): string {
    return redisKey({ topicPrefix: this.topicPrefix }, 'payment', 'outcome', orderId);
  }

  find(orderId: string): Promise<PaymentOutcome | undefined> {
    return this.call('read a payment outcome', orderId, async () => {
      const stored = await this.redis.get(this.key(orderId));
      return stored === null ? undefined : this.parse(orderId, stored);
    });
  }

  /**
   * Records the outcome unless one is already there (SET NX), and returns the one that stands: two
   * deliveries racing for the same order both announce whichever was recorded first. Only while `fence`
   * holds the event's lease: a holder that lost it (paused, past its deadline) is refused with LEASE_LOST.
   */
  recordFirst(orderId: string, outcome: PaymentOutcome, fence: FencingToken): Promise<PaymentOutcome> {
    return this.call('record a payment outcome', orderId, async () => {
      const serialized = JSON.stringify(outcome);
      const { state, value } = await fencedSetIfAbsent(
        this.redis,
        fence,
        this.key(orderId),
        serialized,
        this.ttlSeconds,
      );
      return state === 'written' ? outcome : this.parse(orderId, value);
    });
  }

  private parse(orderId: string, stored: string): PaymentOutcome {
    let json: unknown;
    try {
      json = JSON.parse(stored);
    } catch {
      json = stored;
    }
    const parsed = outcomeSchema.safeParse(json);
    if (!parsed.success) {
      throw new OrderflowError(
        'STATE_INVALID',
        `The payment outcome of order ${orderId} in Redis has an unexpected shape; inspect ${this.key(orderId)}.`,
        { context: { orderId, stored } },
      );
    }
    return parsed.data;
  }

  private call<T>(operation: string, orderId: string, run: () => Promise<T>): Promise<T> {
    return redisCall(operation, { orderId, key: this.key(orderId) }, run);
  }
}
