import { randomUUID } from 'node:crypto';

import { Redis } from 'ioredis';

import { integrationSettings, uniqueName } from '@orderflow/testing';

import { OrderStatusRepository } from '../src/order-status.repository';
import * as updates from '../src/order-status.updates';
import type { StatusUpdate } from '../src/order-status.updates';

// The status-view Lua script against the real Redis: whatever order the follow-ups arrive in (Kafka orders
// no two topics), the view only moves forward, terminal states stay, and redeliveries change nothing.
describe('OrderStatusRepository against Redis', () => {
  const redis = new Redis(integrationSettings().redisUrl, { lazyConnect: true });
  const prefix = `${uniqueName('order-api-status')}.`;
  const views = new OrderStatusRepository({ redis, topicPrefix: prefix, statusTtlSeconds: 3600 });

  afterAll(async () => {
    const stored = await redis.keys(`${prefix}*`);
    if (stored.length > 0) await redis.del(...stored);
    await redis.quit();
  });

  const T0 = Date.parse('2026-11-21T12:00:00.000Z');

  const flow = (orderId: string) => ({
    placed: updates.orderPlaced({
      eventId: randomUUID(),
      occurredAt: T0,
      orderId,
      customerId: 'customer-1',
      items: [{ sku: 'SKU-A', quantity: 2, unitPriceCents: 1250 }],
      currency: 'EUR',
      totalCents: 2500,
      channel: 'WEB',
      couponCode: null,
    }),
    reserved: updates.inventoryReserved({
      eventId: `${orderId}-reserved`,
      occurredAt: T0 + 1000,
      orderId,
      customerId: 'customer-1',
      lines: [{ sku: 'SKU-A', quantity: 2 }],
      totalCents: 2500,
      currency: 'EUR',
    }),
    paid: updates.paymentCompleted({
      eventId: `${orderId}-paid`,
      occurredAt: T0 + 2000,
      orderId,
      customerId: 'customer-1',
      paymentId: 'pay-1',
      amountCents: 2500,
      currency: 'EUR',
    }),
    confirmed: updates.notificationSent({
      eventId: `${orderId}-confirmed`,
      occurredAt: T0 + 3000,
      orderId,
      channel: 'EMAIL',
      kind: 'ORDER_CONFIRMED',
      recipient: 'customer-1',
    }),
    paymentFailed: updates.paymentFailed({
      eventId: `${orderId}-failed`,
      occurredAt: T0 + 2000,
      orderId,
      customerId: 'customer-1',
      paymentId: null,
      reason: 'card declined',
      amountCents: 2500,
      currency: 'EUR',
    }),
  });

  const permutations = <T>(items: T[]): T[][] =>
    items.length <= 1
      ? [items]
      : items.flatMap((item, index) =>
          permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]),
        );

  const applyInOrder = async (sequence: StatusUpdate[]): Promise<void> => {
    for (const update of sequence) await views.apply(update);
  };

  it('starts a PENDING view from the HTTP path', async () => {
    const orderId = randomUUID();
    await views.apply(flow(orderId).placed);
    expect(await views.find(orderId)).toEqual({
      orderId,
      status: 'PENDING',
      customerId: 'customer-1',
      channel: 'WEB',
      couponCode: null,
      totalCents: 2500,
      currency: 'EUR',
      items: [{ sku: 'SKU-A', quantity: 2, unitPriceCents: 1250 }],
      notifications: [],
      updatedAt: new Date(T0).toISOString(),
    });
  });

  it('returns null for an unknown order', async () => {
    expect(await views.find(randomUUID())).toBeNull();
  });

  it('ends CONFIRMED in every arrival order of the happy path', async () => {
    const sequences = permutations(['placed', 'reserved', 'paid', 'confirmed'] as const);
    expect(sequences).toHaveLength(24);
    for (const sequence of sequences) {
      const orderId = randomUUID();
      const steps = flow(orderId);
      await applyInOrder(sequence.map((step) => steps[step]));
      const view = await views.find(orderId);
      expect({ sequence, status: view?.status }).toEqual({ sequence, status: 'CONFIRMED' });
      expect(view).toMatchObject({
        customerId: 'customer-1',
        totalCents: 2500,
        currency: 'EUR',
        // The HTTP path's lines (with prices) win over the partial copy in inventory.reserved.
        items: [{ sku: 'SKU-A', quantity: 2, unitPriceCents: 1250 }],
        notifications: [
          { kind: 'ORDER_CONFIRMED', channel: 'EMAIL', sentAt: new Date(T0 + 3000).toISOString() },
        ],
        updatedAt: new Date(T0 + 3000).toISOString(),
      });
    }
  });

  it('never moves back: a late RESERVED leaves PAID alone', async () => {
    const orderId = randomUUID();
    const steps = flow(orderId);
    expect(await views.apply(steps.paid)).toEqual({ moved: true, status: 'PAID' });
    expect(await views.apply(steps.reserved)).toEqual({ moved: false, status: 'PAID' });
    expect(await views.apply(steps.placed)).toEqual({ moved: false, status: 'PAID' });
    expect((await views.find(orderId))?.status).toBe('PAID');
  });

  it('keeps PAYMENT_FAILED and its reason however late the earlier steps arrive', async () => {
    for (const sequence of permutations(['placed', 'reserved', 'paymentFailed'] as const)) {
      const orderId = randomUUID();
      const steps = flow(orderId);
      await applyInOrder(sequence.map((step) => steps[step]));
      expect(await views.find(orderId)).toMatchObject({ status: 'PAYMENT_FAILED', reason: 'card declined' });
    }
  });

  it('keeps a terminal state terminal, even against another outcome', async () => {
    const orderId = randomUUID();
    const steps = flow(orderId);
    await views.apply(
      updates.inventoryRejected({
        eventId: `${orderId}-rejected`,
        occurredAt: T0 + 1000,
        orderId,
        customerId: 'customer-1',
        missing: [{ sku: 'SKU-A', requested: 2, available: 0 }],
        reason: 'insufficient stock',
      }),
    );
    for (const step of [steps.placed, steps.reserved, steps.paid, steps.paymentFailed, steps.confirmed]) {
      expect((await views.apply(step)).moved).toBe(false);
    }
    expect(await views.find(orderId)).toMatchObject({
      status: 'REJECTED',
      reason: 'insufficient stock: SKU-A (requested 2, available 0)',
    });
  });

  it('records each notification once, however often it is redelivered', async () => {
    const orderId = randomUUID();
    const steps = flow(orderId);
    const rejectedNotice = updates.notificationSent({
      eventId: `${orderId}-notice`,
      occurredAt: T0 + 500,
      orderId,
      channel: 'PUSH',
      kind: 'PAYMENT_FAILED',
      recipient: 'customer-1',
    });
    await Promise.all(
      [steps.confirmed, steps.confirmed, rejectedNotice, steps.confirmed].map((u) => views.apply(u)),
    );
    await views.apply(rejectedNotice);
    expect((await views.find(orderId))?.notifications).toEqual([
      { kind: 'PAYMENT_FAILED', channel: 'PUSH', sentAt: new Date(T0 + 500).toISOString() },
      { kind: 'ORDER_CONFIRMED', channel: 'EMAIL', sentAt: new Date(T0 + 3000).toISOString() },
    ]);
  });

  it('creates the view from a follow-up that arrives before the HTTP write, then completes it', async () => {
    const orderId = randomUUID();
    const steps = flow(orderId);
    await views.apply(steps.paid);
    expect(await views.find(orderId)).toMatchObject({
      status: 'PAID',
      customerId: 'customer-1',
      totalCents: 2500,
      currency: 'EUR',
      items: [],
    });
    await views.apply(steps.placed);
    expect(await views.find(orderId)).toMatchObject({
      status: 'PAID',
      items: [{ sku: 'SKU-A', quantity: 2, unitPriceCents: 1250 }],
      updatedAt: new Date(T0 + 2000).toISOString(),
    });
  });

  it('records the compensating release without changing the status', async () => {
    const orderId = randomUUID();
    const steps = flow(orderId);
    await applyInOrder([steps.placed, steps.reserved, steps.paymentFailed]);
    await views.apply(
      updates.inventoryReleased({
        eventId: `${orderId}-released`,
        occurredAt: T0 + 2500,
        orderId,
        lines: [{ sku: 'SKU-A', quantity: 2 }],
        reason: 'payment failed',
      }),
    );
    expect(await views.find(orderId)).toMatchObject({
      status: 'PAYMENT_FAILED',
      reason: 'card declined',
      stockReleasedAt: new Date(T0 + 2500).toISOString(),
    });
  });

  it('converges when every update of an order races', async () => {
    const orderId = randomUUID();
    const steps = flow(orderId);
    await Promise.all([steps.confirmed, steps.reserved, steps.placed, steps.paid].map((u) => views.apply(u)));
    expect((await views.find(orderId))?.status).toBe('CONFIRMED');
  });

  it('sets a TTL on the view', async () => {
    const orderId = randomUUID();
    await views.apply(flow(orderId).placed);
    const ttl = await redis.ttl(`${prefix}order-api:status:${orderId}`);
    expect(ttl).toBeGreaterThan(3500);
    expect(ttl).toBeLessThanOrEqual(3600);
  });
});
