import { Redis } from 'ioredis';

import { createLogger } from '@orderflow/logging';
import { integrationSettings, uniqueName } from '@orderflow/testing';

import type { NotificationSender } from '../src/notification-sender';
import { NotificationService } from '../src/notification.service';
import type { Notification, NotificationRequest } from '../src/notification.types';
import { SentNotificationsRepository } from '../src/sent-notifications.repository';

/** Keeps what it was given; fails the next `failures` sends. */
class CapturingSender implements NotificationSender {
  readonly sent: Notification[] = [];
  failures = 0;

  send(notification: Notification): Promise<void> {
    if (this.failures > 0) {
      this.failures -= 1;
      return Promise.reject(new Error('gateway down'));
    }
    this.sent.push(notification);
    return Promise.resolve();
  }
}

// The send-once record against the real Redis.
describe('NotificationService against Redis', () => {
  const redis = new Redis(integrationSettings().redisUrl, { lazyConnect: true });
  const topicPrefix = `${uniqueName('notification')}.`;
  const repository = new SentNotificationsRepository(redis, { topicPrefix }, { recordTtlDays: 45 });
  const logger = createLogger({ service: 'notification', write: () => undefined });
  const serviceWith = (sender: NotificationSender) =>
    new NotificationService(sender, repository, { channel: 'EMAIL' }, logger);

  afterAll(async () => {
    const keys = await redis.keys(`${topicPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  const confirmed = (orderId: string): NotificationRequest => ({
    kind: 'ORDER_CONFIRMED',
    orderId,
    customerId: `customer-of-${orderId}`,
    paymentId: 'pay-1',
    amountCents: 1000,
    currency: 'EUR',
  });

  it('sends once per order and kind, answering a redelivery with the first record', async () => {
    const sender = new CapturingSender();
    const service = serviceWith(sender);
    const first = await service.notify(confirmed('order-a'));
    const again = await service.notify(confirmed('order-a'));
    expect(sender.sent).toHaveLength(1);
    expect(first).toMatchObject({
      orderId: 'order-a',
      kind: 'ORDER_CONFIRMED',
      channel: 'EMAIL',
      recipient: 'customer-of-order-a',
    });
    expect(again).toEqual(first);
    expect(await repository.find('order-a', 'ORDER_CONFIRMED')).toEqual(first);
  });

  it('the record survives the service: a new instance (after a restart) does not send again', async () => {
    await serviceWith(new CapturingSender()).notify(confirmed('order-b'));
    const afterRestart = new CapturingSender();
    await serviceWith(afterRestart).notify(confirmed('order-b'));
    expect(afterRestart.sent).toEqual([]);
  });

  it('sends each kind for the same order', async () => {
    const sender = new CapturingSender();
    const service = serviceWith(sender);
    await service.notify(confirmed('order-c'));
    await service.notify({
      kind: 'PAYMENT_FAILED',
      orderId: 'order-c',
      customerId: 'x',
      reason: 'declined',
      amountCents: 1,
      currency: 'EUR',
    });
    expect(sender.sent.map((notification) => notification.kind)).toEqual([
      'ORDER_CONFIRMED',
      'PAYMENT_FAILED',
    ]);
  });

  it('records nothing when the sender fails, so the retry sends', async () => {
    const sender = new CapturingSender();
    sender.failures = 1;
    const service = serviceWith(sender);
    await expect(service.notify(confirmed('order-d'))).rejects.toThrow('gateway down');
    expect(await repository.find('order-d', 'ORDER_CONFIRMED')).toBeUndefined();
    await service.notify(confirmed('order-d'));
    expect(sender.sent.map((notification) => notification.orderId)).toEqual(['order-d']);
  });

  it('keeps the first record when a second one is written for the same order and kind', async () => {
    const first = {
      orderId: 'order-e',
      kind: 'ORDER_REJECTED' as const,
      channel: 'EMAIL' as const,
      recipient: 'c',
      sentAt: 1,
    };
    expect(await repository.recordIfAbsent(first)).toEqual(first);
    expect(await repository.recordIfAbsent({ ...first, channel: 'PUSH', sentAt: 2 })).toEqual(first);
    const ttl = await redis.ttl(repository.key('order-e', 'ORDER_REJECTED'));
    expect(ttl).toBeGreaterThan(44 * 24 * 60 * 60);
  });

  it('refuses a record it did not write instead of guessing', async () => {
    await redis.set(repository.key('order-f', 'ORDER_CONFIRMED'), 'not json');
    await expect(repository.find('order-f', 'ORDER_CONFIRMED')).rejects.toMatchObject({
      code: 'STATE_INVALID',
    });
  });
});
