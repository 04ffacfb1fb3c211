import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { z } from 'zod';

import {
  fencedSetIfAbsent,
  REDIS_CLIENT,
  RUNTIME_CONFIG,
  redisKey,
  type FencingToken,
  type RuntimeConfig,
} from '@orderflow/consumer-runtime';
import { NOTIFICATION_CHANNELS, NOTIFICATION_KINDS, type NotificationKind } from '@orderflow/contracts';
import { OrderflowError } from '@orderflow/errors';

import type { NotificationSettings } from './notification.config';
import { NOTIFICATION_SETTINGS } from './notification.tokens';
import type { SentNotification } from './notification.types';

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
@Injectable()
export class SentNotificationsRepository {
  private readonly ttlSeconds: number;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(RUNTIME_CONFIG) private readonly runtime: Pick<RuntimeConfig, 'topicPrefix'>,
    @Inject(NOTIFICATION_SETTINGS) settings: Pick<NotificationSettings, 'recordTtlDays'>,
  ) {
    this.ttlSeconds = settings.recordTtlDays * 24 * 60 * 60;
  }

  async find(orderId: string, kind: NotificationKind): Promise<SentNotification | undefined> {
    const stored = await this.redis.get(this.key(orderId, kind));
    return stored === null ? undefined : this.parse(orderId, kind, stored);
  }

  /**
   * Records `sent` unless a record exists; returns the record that stands (the first one wins). Only
   * while `fence` holds the event's lease: a holder that lost it is refused with LEASE_LOST.
   */
  async recordIfAbsent(sent: SentNotification, fence: FencingToken): Promise<SentNotification> {
    const { state, value } = await fencedSetIfAbsent(
      this.redis,
      fence,
      this.key(sent.orderId, sent.kind),
      JSON.stringify(sent),
      this.ttlSeconds,
    );
    return state === 'written' ? sent : this.parse(sent.orderId, sent.kind, value);
  }

  key(orderId: string, kind: NotificationKind): string {
    return redisKey(this.runtime, 'notification', 'sent', orderId, kind);
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
