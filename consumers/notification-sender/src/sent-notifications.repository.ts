import type { Redis } from 'ioredis';
import { z } from 'zod';

import { fencedSetIfAbsent, redisKey, type FencingToken } from '@orderflow/service-runtime';
import { redisCall } from '@orderflow/redis';
import { NOTIFICATION_CHANNELS, NOTIFICATION_KINDS, type NotificationKind } from '@orderflow/contracts';
import { OrderflowError } from '@orderflow/errors';

import type { SentNotification } from '@orderflow/notification';

export interface SentNotificationsRepositoryOptions {
  redis: Redis;
  /** The runtime's topic prefix: keys live under it, so tests never collide. */
  topicPrefix: string;
  /** How long a sent notification is remembered (NotificationConfig.recordTtlDays). */
  recordTtlDays: number;
}

const sentNotificationSchema = z.object({
  orderId: z.string(),
  kind: z.enum(NOTIFICATION_KINDS),
  channel: z.enum(NOTIFICATION_CHANNELS),
  recipient: z.string(),
  sentAt: z.number(),
}) satisfies z.ZodType<SentNotification>;

/**
 * What was sent, one record per (order, kind) at `notification:sent:<orderId>:<kind>` (JSON), written
 * once (SET NX) and kept `recordTtlDays`.
 */
export class SentNotificationsRepository {
  private readonly redis: Redis;
  private readonly topicPrefix: string;
  private readonly ttlSeconds: number;

  constructor({ redis, topicPrefix, recordTtlDays }: SentNotificationsRepositoryOptions) {
    this.redis = redis;
    this.topicPrefix = topicPrefix;
    this.ttlSeconds = recordTtlDays * 24 * 60 * 60;
  }

  find(orderId: string, kind: NotificationKind): Promise<SentNotification | undefined> {
    return this.call('read a sent notification', orderId, kind, async () => {
      const stored = await this.redis.get(this.key(orderId, kind));
      return stored === null ? undefined : this.parse(orderId, kind, stored);
    });
  }

  /**
   * Records `sent` unless a record exists; returns the record that stands (the first one wins). Only
   * while `fence` holds the event's lease: a holder that lost it is refused with LEASE_LOST.
   */
  recordIfAbsent(sent: SentNotification, fence: FencingToken): Promise<SentNotification> {
    return this.call('record a sent notification', sent.orderId, sent.kind, async () => {
      const { state, value } = await fencedSetIfAbsent(
        this.redis,
        fence,
        this.key(sent.orderId, sent.kind),
        JSON.stringify(sent),
        this.ttlSeconds,
      );
      return state === 'written' ? sent : this.parse(sent.orderId, sent.kind, value);
    });
  }

  key(orderId: string, kind: NotificationKind): string {
    return redisKey({ topicPrefix: this.topicPrefix }, 'notification', 'sent', orderId, kind);
  }

  private call<T>(
    operation: string,
    orderId: string,
    kind: NotificationKind,
    run: () => Promise<T>,
  ): Promise<T> {
    return redisCall(operation, { orderId, key: this.key(orderId, kind) }, run);
  }

  private parse(orderId: string, kind: NotificationKind, stored: string): SentNotification {
    const key = this.key(orderId, kind);
    const parsed = sentNotificationSchema.safeParse(safeJson(stored));
    if (!parsed.success) {
      throw new OrderflowError(
        'STATE_INVALID',
        `The sent-notification record ${key} is not what notification writes; inspect it and delete it to send again.`,
        { context: { key, problems: parsed.error.issues.map((issue) => issue.message) } },
      );
    }
    return parsed.data;
  }
}

const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};
