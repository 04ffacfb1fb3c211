import { Redis } from 'ioredis';

import { OrderflowError } from '@orderflow/errors';
import { createIdempotencyStore } from '@orderflow/idempotency';
import { createLogger } from '@orderflow/logging';
import { integrationSettings, startRedisServer, uniqueName, waitFor } from '@orderflow/testing';

import type { NotificationSender } from '../src/notification-sender';
import { NotificationService } from '../src/notification.service';
import type { Notification, NotificationRequest } from '@orderflow/notification';
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
  const repository = new SentNotificationsRepository({ redis, topicPrefix, recordTtlDays: 45 });
  const logger = createLogger({ service: 'notification', write: () => undefined });
  const serviceWith = (sender: NotificationSender) =>
    new NotificationService(sender, repository, { channel: 'EMAIL' }, logger);
  const leases = createIdempotencyStore({ redis, keyPrefix: topicPrefix, leaseMs: 30_000 });
  let events = 0;
  /** The lease on an event, as the runtime takes it before calling the handler. */
  const leaseOn = async (eventId = `evt-${++events}`) => {
    const claimed = await leases.begin('notification', eventId);
    if (claimed.state !== 'acquired') throw new Error(`expected to lease ${eventId}, found ${claimed.state}`);
    return { signal: new AbortController().signal, fence: claimed.fence };
  };

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
    const first = await service.notify(confirmed('order-a'), await leaseOn());
    const again = await service.notify(confirmed('order-a'), await leaseOn());
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
    await serviceWith(new CapturingSender()).notify(confirmed('order-b'), await leaseOn());
    const afterRestart = new CapturingSender();
    await serviceWith(afterRestart).notify(confirmed('order-b'), await leaseOn());
    expect(afterRestart.sent).toEqual([]);
  });

  it('sends each kind for the same order', async () => {
    const sender = new CapturingSender();
    const service = serviceWith(sender);
    await service.notify(confirmed('order-c'), await leaseOn());
    await service.notify(
      {
        kind: 'PAYMENT_FAILED',
        orderId: 'order-c',
        customerId: 'x',
        reason: 'declined',
        amountCents: 1,
        currency: 'EUR',
      },
      await leaseOn(),
    );
    expect(sender.sent.map((notification) => notification.kind)).toEqual([
      'ORDER_CONFIRMED',
      'PAYMENT_FAILED',
    ]);
  });

  it('records nothing when the sender fails, so the retry sends', async () => {
    const sender = new CapturingSender();
    sender.failures = 1;
    const service = serviceWith(sender);
    await expect(service.notify(confirmed('order-d'), await leaseOn())).rejects.toThrow('gateway down');
    expect(await repository.find('order-d', 'ORDER_CONFIRMED')).toBeUndefined();
    await service.notify(confirmed('order-d'), await leaseOn());
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
    const { fence } = await leaseOn();
    expect(await repository.recordIfAbsent(first, fence)).toEqual(first);
    expect(await repository.recordIfAbsent({ ...first, channel: 'PUSH', sentAt: 2 }, fence)).toEqual(first);
    const ttl = await redis.ttl(repository.key('order-e', 'ORDER_REJECTED'));
    expect(ttl).toBeGreaterThan(44 * 24 * 60 * 60);
  });

  it('refuses a record it did not write instead of guessing', async () => {
    await redis.set(repository.key('order-f', 'ORDER_CONFIRMED'), 'not json');
    await expect(repository.find('order-f', 'ORDER_CONFIRMED')).rejects.toMatchObject({
      code: 'STATE_INVALID',
    });
  });

  it('a delivery that lost its lease mid-send cannot record; the next holder’s record is the one that stands (F7)', async () => {
    let releaseZombie: () => void = () => undefined;
    const zombieSender = new CapturingSender();
    zombieSender.send = (notification) => {
      zombieSender.sent.push(notification);
      return new Promise((resolve) => (releaseZombie = resolve));
    };
    const zombieLease = await leaseOn('evt-zombie');
    const zombie = serviceWith(zombieSender)
      .notify(confirmed('order-z'), zombieLease)
      .catch((error: unknown) => error);
    await waitFor(() => Promise.resolve(zombieSender.sent.length === 1 || undefined), {
      description: 'the zombie inside its send',
      timeoutMs: 5_000,
    });
    // The zombie's lease expires (a paused process) and the event's next delivery takes it over.
    await redis.del(zombieLease.fence.key);
    const nextLease = await leaseOn('evt-zombie');
    const nextSender = new CapturingSender();
    const stands = await serviceWith(nextSender).notify(confirmed('order-z'), nextLease);
    releaseZombie();

    expect(await zombie).toMatchObject({ code: 'LEASE_LOST', retriable: true });
    expect(nextLease.fence.sequence).toBeGreaterThan(zombieLease.fence.sequence);
    expect(await repository.find('order-z', 'ORDER_CONFIRMED')).toEqual(stands);
    expect(await redis.keys(`${topicPrefix}notification:sent:order-z:*`)).toHaveLength(1);
    console.log(
      `F7 notification zombie: sends ${zombieSender.sent.length + nextSender.sent.length} (zombie's was under way), records 1, fences ${zombieLease.fence.sequence} → ${nextLease.fence.sequence}`,
    );
  });

  it('sends nothing once the lease is known to be lost: the aborted signal stops it before the sender (F7)', async () => {
    const sender = new CapturingSender();
    const lost = new AbortController();
    lost.abort(new OrderflowError('LEASE_LOST', 'lease lost', { retriable: true }));
    const lease = { ...(await leaseOn()), signal: lost.signal };
    await expect(serviceWith(sender).notify(confirmed('order-y'), lease)).rejects.toMatchObject({
      code: 'LEASE_LOST',
    });
    expect(sender.sent).toEqual([]);
    expect(await repository.find('order-y', 'ORDER_CONFIRMED')).toBeUndefined();
  });

  it('reports Redis trouble as a retriable DEPENDENCY_UNAVAILABLE, like every service', async () => {
    const closed = new Redis(integrationSettings().redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0 });
    closed.disconnect();
    const offline = new SentNotificationsRepository({ redis: closed, topicPrefix, recordTtlDays: 45 });
    await expect(offline.find('order-offline', 'ORDER_CONFIRMED')).rejects.toMatchObject({
      code: 'DEPENDENCY_UNAVAILABLE',
      retriable: true,
    });
  });

  // Chaos case 13: connection resets between the sender and Redis right after sends made the jobs fail
  // and their retries send 21 notifications a second time.
  it.each([
    ['a Redis stall', 30_000],
    // Chaos case 9: Redis stalled 20 s, past the 15 s lease; the refused record made the next attempt resend.
    ['a Redis stall longer than the lease', 1_000],
  ])(
    'keeps recording a sent notification through %s instead of failing the job into a second send',
    async (_stall, leaseMs) => {
      const server = await startRedisServer();
      const stalled = new Redis(server.url, { commandTimeout: 500, maxRetriesPerRequest: 1 });
      try {
        const ownRepository = new SentNotificationsRepository({
          redis: stalled,
          topicPrefix,
          recordTtlDays: 45,
        });
        const ownLeases = createIdempotencyStore({ redis: stalled, keyPrefix: topicPrefix, leaseMs });
        const claimed = await ownLeases.begin('notification', `evt-stall-${leaseMs}`);
        if (claimed.state !== 'acquired')
          throw new Error(`expected to lease evt-stall, found ${claimed.state}`);
        const sender = new CapturingSender();
        // The gateway accepts the message; Redis stops answering for 2 s right after (4 command timeouts).
        const stallingSender: NotificationSender = {
          send: async (notification) => {
            await sender.send(notification);
            server.pause();
            setTimeout(() => server.resume(), 2_000);
          },
        };
        const service = new NotificationService(stallingSender, ownRepository, { channel: 'EMAIL' }, logger);

        const orderId = `order-stall-${leaseMs}`;
        const record = await service.notify(confirmed(orderId), {
          signal: new AbortController().signal,
          fence: claimed.fence,
        });

        expect(sender.sent).toHaveLength(1);
        expect(await ownRepository.find(orderId, 'ORDER_CONFIRMED')).toEqual(record);
        expect(await stalled.exists(claimed.fence.key)).toBe(leaseMs > 2_000 ? 1 : 0);
      } finally {
        server.resume();
        stalled.disconnect();
        await server.close();
      }
    },
  );
});
