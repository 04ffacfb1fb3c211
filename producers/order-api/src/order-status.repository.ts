import type Redis from 'ioredis';

import { redisKey } from '@orderflow/service-runtime';
import { redisCall } from '@orderflow/redis';
import type { NotificationChannel, NotificationKind, SalesChannel } from '@orderflow/contracts';

import { STATUS_RANK, type OrderStatus } from './order-status';
import { applyStatusUpdateScript } from './order-status.scripts';
import type { OrderDetails, StatusUpdate, ViewItem } from './order-status.updates';

export interface OrderStatusRepositoryOptions {
  redis: Redis;
  /** The runtime's topic prefix: keys live under it, so tests never collide. */
  topicPrefix: string;
  /** How long a view lives after its last update (OrderApiConfig.statusTtlSeconds). */
  statusTtlSeconds: number;
}

/** GET /orders/:id. Details a partial view (built from follow-ups only) does not know yet are null. */
export interface OrderStatusView {
  orderId: string;
  status: OrderStatus;
  reason?: string;
  customerId: string | null;
  totalCents: number | null;
  currency: string | null;
  items: ViewItem[];
  /** Where the order was placed; null while only follow-ups (which do not carry it) built the view. */
  channel: SalesChannel | null;
  couponCode: string | null;
  notifications: { kind: NotificationKind; channel: NotificationChannel; sentAt: string }[];
  stockReleasedAt?: string;
  deliveryStartedAt?: string;
  updatedAt: string;
}

const NOTIFICATION_FIELD_PREFIX = 'n:';

// Hash fields as strings: numbers in decimal, items as JSON.
const detailFields = (details: Partial<OrderDetails>): string[] =>
  Object.entries(details).flatMap(([field, value]) =>
    value === undefined ? [] : [field, typeof value === 'object' ? JSON.stringify(value) : String(value)],
  );

const isoTime = (epochMs: string): string => new Date(Number(epochMs)).toISOString();

const toView = (orderId: string, hash: Record<string, string>): OrderStatusView => {
  const notifications = Object.entries(hash)
    .filter(([field]) => field.startsWith(NOTIFICATION_FIELD_PREFIX))
    .map(
      ([, json]) =>
        JSON.parse(json) as { kind: NotificationKind; channel: NotificationChannel; sentAt: number },
    )
    .sort((a, b) => a.sentAt - b.sentAt)
    .map((notification) => ({ ...notification, sentAt: new Date(notification.sentAt).toISOString() }));
  return {
    orderId,
    status: (hash.status ?? 'PENDING') as OrderStatus,
    ...(hash.reason === undefined ? {} : { reason: hash.reason }),
    customerId: hash.customerId ?? null,
    totalCents: hash.totalCents === undefined ? null : Number(hash.totalCents),
    currency: hash.currency ?? null,
    items: hash.items === undefined ? [] : (JSON.parse(hash.items) as ViewItem[]),
    channel: (hash.channel as SalesChannel | undefined) ?? null,
    couponCode: hash.couponCode ?? null,
    notifications,
    ...(hash.stockReleasedAt === undefined ? {} : { stockReleasedAt: isoTime(hash.stockReleasedAt) }),
    ...(hash.deliveryStartedAt === undefined ? {} : { deliveryStartedAt: isoTime(hash.deliveryStartedAt) }),
    updatedAt: isoTime(hash.updatedAt ?? '0'),
  };
};

/** A status change as the update script publishes it: the order id and the view's hash after it. */
export const parseStatusChange = (message: string): OrderStatusView => {
  const [orderId, flat] = JSON.parse(message) as [string, string[]];
  const hash: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) hash[flat[i] as string] = flat[i + 1] as string;
  return toView(orderId, hash);
};

// Set once order.delivery-started is acknowledged: a repeated call then publishes nothing.
const DELIVERY_EVENT_PUBLISHED = 'deliveryEventPublished';

/**
 * Order status views: one Redis hash per order, `<prefix>order-api:status:<orderId>`; every status move is
 * published on `<prefix>order-api:status-changes` (statusChannel).
 */
export class OrderStatusRepository {
  private readonly redis: Redis;
  private readonly topicPrefix: string;
  private readonly statusTtlSeconds: number;

  constructor({ redis, topicPrefix, statusTtlSeconds }: OrderStatusRepositoryOptions) {
    this.redis = redis;
    this.topicPrefix = topicPrefix;
    this.statusTtlSeconds = statusTtlSeconds;
  }

  /** The pub/sub channel every status move of this prefix's views is published on. */
  get statusChannel(): string {
    return redisKey({ topicPrefix: this.topicPrefix }, 'order-api', 'status-changes');
  }

  /**
   * Applies an update atomically (see applyStatusUpdateScript); creates the view if there is none, unless
   * the update requires a current status. `status` is null when a required view does not exist.
   */
  async apply(update: StatusUpdate): Promise<{ moved: boolean; status: OrderStatus | null }> {
    const { notification } = update;
    const [moved, status] = (await redisCall(
      "update an order's status view",
      { orderId: update.orderId },
      () =>
        applyStatusUpdateScript.run(
          this.redis,
          [this.keyOf(update.orderId)],
          [
            update.status,
            STATUS_RANK[update.status],
            update.reason ?? '',
            update.detailsSource === 'order' ? 'overwrite' : 'fill',
            update.at,
            this.statusTtlSeconds,
            notification === undefined ? '' : `${NOTIFICATION_FIELD_PREFIX}${notification.eventId}`,
            notification === undefined
              ? ''
              : JSON.stringify({
                  kind: notification.kind,
                  channel: notification.channel,
                  sentAt: notification.sentAt,
                }),
            update.requires === undefined ? '' : `,${update.requires.join(',')},`,
            this.statusChannel,
            update.orderId,
            ...detailFields(update.details),
          ],
        ),
    )) as [number, OrderStatus | ''];
    return { moved: moved === 1, status: status === '' ? null : status };
  }

  async deliveryEventPublished(orderId: string): Promise<boolean> {
    const flag = await redisCall('read whether delivery-started was published', { orderId }, () =>
      this.redis.hget(this.keyOf(orderId), DELIVERY_EVENT_PUBLISHED),
    );
    return flag !== null;
  }

  /** Marks order.delivery-started as acknowledged on an existing view (HSET keeps the view's TTL). */
  async markDeliveryEventPublished(orderId: string): Promise<void> {
    await redisCall('mark delivery-started as published', { orderId }, () =>
      this.redis.hset(this.keyOf(orderId), DELIVERY_EVENT_PUBLISHED, '1'),
    );
  }

  async find(orderId: string): Promise<OrderStatusView | null> {
    const hash = await redisCall("read an order's status view", { orderId }, () =>
      this.redis.hgetall(this.keyOf(orderId)),
    );
    return Object.keys(hash).length === 0 ? null : toView(orderId, hash);
  }

  private keyOf(orderId: string): string {
    return redisKey({ topicPrefix: this.topicPrefix }, 'order-api', 'status', orderId);
  }
}
