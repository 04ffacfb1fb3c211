import { waitForGroupCaughtUp } from '@orderflow/testing';
import { produceRecords } from '@orderflow/testing';
import type { OrderCreated } from '@orderflow/contracts';

import {
  countByKey,
  postOrder,
  readEvents,
  startPipeline,
  waitForFinalStatuses,
  type OrderRequest,
  type Pipeline,
} from '../src';

const ORDERS = 200;
const UNSTOCKED = 'SKU-DISCONTINUED-999';
const SKUS = [
  'SKU-BOOK-001',
  'SKU-MUG-002',
  'SKU-TSHIRT-003',
  'SKU-POSTER-004',
  'SKU-STICKER-005',
  'SKU-HOODIE-006',
];

/** Order n: one or two lines; every 10th asks for a sku nobody stocks (rejected). */
const orderRequest = (n: number): OrderRequest => ({
  customerId: `customer-${n % 13}`,
  currency: 'EUR',
  items: [
    {
      sku: n % 10 === 9 ? UNSTOCKED : (SKUS[n % SKUS.length] as string),
      quantity: 1 + (n % 3),
      unitPriceCents: 700 + n,
    },
    ...(n % 2 === 0
      ? [{ sku: SKUS[(n + 1) % SKUS.length] as string, quantity: 1, unitPriceCents: 1_500 }]
      : []),
  ],
});

describe(`the order pipeline with ${ORDERS} orders on the real stack`, () => {
  let pipeline: Pipeline;
  const placed = new Map<string, OrderRequest>();
  let statuses: Map<string, Record<string, unknown>>;

  beforeAll(async () => {
    // Payment fails for a deterministic fifth of the orders (seeded), so compensation runs too.
    pipeline = await startPipeline('pipeline', { overrides: { PAYMENT_FAILURE_RATE: '0.2' } });
    for (let start = 0; start < ORDERS; start += 20) {
      const batch = Array.from({ length: Math.min(20, ORDERS - start) }, (_, i) => start + i);
      const responses = await Promise.all(batch.map((n) => postOrder(pipeline.orderApiUrl, orderRequest(n))));
      responses.forEach((response, i) => {
        expect(response.status).toBe(202);
        placed.set(String(response.body.orderId), orderRequest(batch[i] as number));
      });
    }
    statuses = await waitForFinalStatuses(pipeline.orderApiUrl, [...placed.keys()]);
    // DELIVERY_STARTED is recorded during notification's handler, before it publishes notification.sent:
    // the group having committed every input says every follow-up is out.
    await waitForGroupCaughtUp(pipeline.namespace, 'notification', [
      'payment.completed',
      'payment.failed',
      'inventory.rejected',
    ]);
  });

  afterAll(() => pipeline.close());

  const ordersWith = (status: string): string[] =>
    [...statuses].filter(([, view]) => view.status === status).map(([id]) => id);

  it('brings every order to a final status, rejecting exactly the orders for unstocked skus', () => {
    expect(statuses.size).toBe(ORDERS);
    const rejected = new Set(ordersWith('REJECTED'));
    const wantsUnstocked = [...placed]
      .filter(([, order]) => order.items.some((item) => item.sku === UNSTOCKED))
      .map(([id]) => id);
    expect([...rejected].sort()).toEqual(wantsUnstocked.sort());
    expect(ordersWith('PAYMENT_FAILED').length).toBeGreaterThan(0);
    expect(ordersWith('DELIVERY_STARTED').length + ordersWith('PAYMENT_FAILED').length + rejected.size).toBe(
      ORDERS,
    );
  });

  it('writes exactly the events each order calls for, once each, on every topic', async () => {
    const confirmed = new Set(ordersWith('DELIVERY_STARTED'));
    const failed = new Set(ordersWith('PAYMENT_FAILED'));
    const rejected = new Set(ordersWith('REJECTED'));
    const reserved = new Set([...confirmed, ...failed]);
    const expectExactly = async (topic: Parameters<typeof readEvents>[1], orders: Set<string>) => {
      const { records } = countByKey(await readEvents(pipeline, topic));
      expect({ topic, orders: [...records.keys()].sort() }).toEqual({ topic, orders: [...orders].sort() });
      expect({ topic, counts: new Set(records.values()) }).toEqual({
        topic,
        counts: new Set(orders.size > 0 ? [1] : []),
      });
    };
    await expectExactly('order.created', new Set(placed.keys()));
    await expectExactly('inventory.reserved', reserved);
    await expectExactly('inventory.rejected', rejected);
    await expectExactly('payment.completed', confirmed);
    await expectExactly('payment.failed', failed);
    await expectExactly('inventory.released', failed);
    await expectExactly('notification.sent', new Set(placed.keys()));
    // Confirmed orders, and only they, started delivery: notification called MarkDeliveryStarted over gRPC.
    // One event each, by id: a call that timed out while order-api was still publishing is made again
    // (retry tier) and may publish the same event (same id, same time) again, which readers deduplicate.
    const started = await readEvents(pipeline, 'order.delivery-started');
    const idsByOrder = new Map<string, Set<string>>();
    for (const { key, value } of started)
      idsByOrder.set(key, (idsByOrder.get(key) ?? new Set()).add(value.eventId));
    expect([...idsByOrder.keys()].sort()).toEqual([...confirmed].sort());
    expect(new Set([...idsByOrder.values()].map((ids) => ids.size))).toEqual(new Set([1]));
  });

  it('holds one ledger row per paid or declined order, one to one with payment.completed and payment.failed', async () => {
    const ledger = await pipeline.relay.database.db
      .selectFrom('payments')
      .select(['order_id', 'outcome', 'gateway_ref', 'amount_cents'])
      .execute();
    const announced = [
      ...(await readEvents(pipeline, 'payment.completed')).map(({ key, value }) => ({
        order: key,
        outcome: 'completed',
        ref: value.paymentId,
        amount: value.amountCents,
      })),
      ...(await readEvents(pipeline, 'payment.failed')).map(({ key, value }) => ({
        order: key,
        outcome: 'failed',
        ref: value.paymentId,
        amount: value.amountCents,
      })),
    ];
    const byOrder = (rows: { order: string }[]) => [...rows].sort((a, b) => a.order.localeCompare(b.order));
    expect(ledger.length).toBe(
      new Set(ordersWith('DELIVERY_STARTED').concat(ordersWith('PAYMENT_FAILED'))).size,
    );
    expect(
      byOrder(
        ledger.map((row) => ({
          order: String(row.order_id),
          outcome: String(row.outcome),
          ref: row.gateway_ref as string | null,
          amount: Number(row.amount_cents),
        })),
      ),
    ).toEqual(byOrder(announced));
  });

  it('notifies each customer with the kind matching the outcome and never charges a rejected order', async () => {
    const sent = await readEvents(pipeline, 'notification.sent');
    const kinds = new Map(sent.map(({ key, value }) => [key, value.kind]));
    for (const [orderId, view] of statuses) {
      const expected = {
        DELIVERY_STARTED: 'ORDER_CONFIRMED',
        REJECTED: 'ORDER_REJECTED',
        PAYMENT_FAILED: 'PAYMENT_FAILED',
      }[String(view.status)];
      expect({ orderId, kind: kinds.get(orderId) }).toEqual({ orderId, kind: expected });
    }
    const charged = new Set(
      [
        ...(await readEvents(pipeline, 'payment.completed')),
        ...(await readEvents(pipeline, 'payment.failed')),
      ].map(({ key }) => key),
    );
    expect(ordersWith('REJECTED').filter((orderId) => charged.has(orderId))).toEqual([]);
  });

  it('leaves stock at exactly the seed minus what confirmed orders took (failed payments released theirs once)', async () => {
    const expected = { ...pipeline.initialStock };
    for (const orderId of ordersWith('DELIVERY_STARTED')) {
      for (const item of placed.get(orderId)?.items ?? [])
        expected[item.sku] = (expected[item.sku] ?? 0) - item.quantity;
    }
    expect(await pipeline.stock.readStock(Object.keys(pipeline.initialStock))).toEqual(expected);
  });

  it('accepts the same POST five times at once with one Idempotency-Key as one order with identical answers', async () => {
    const order = orderRequest(1);
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        postOrder(pipeline.orderApiUrl, order, { 'idempotency-key': 'pipeline-idempotent-1' }),
      ),
    );
    expect(new Set(answers.map((answer) => answer.status))).toEqual(new Set([202]));
    expect(new Set(answers.map((answer) => JSON.stringify(answer.body))).size).toBe(1);
    const orderId = String(answers[0]?.body.orderId);
    await waitForFinalStatuses(pipeline.orderApiUrl, [orderId]);
    const created = (await readEvents(pipeline, 'order.created')).filter(({ key }) => key === orderId);
    expect(created).toHaveLength(1);
  });

  it('applies an event delivered three times, then replayed from the earliest offset, exactly once', async () => {
    const order: OrderCreated = {
      eventId: 'evt-injected-1',
      occurredAt: Date.now(),
      orderId: 'order-injected-1',
      customerId: 'customer-injected',
      items: [{ sku: 'SKU-HOODIE-006', quantity: 4, unitPriceCents: 4_000 }],
      currency: 'EUR',
      totalCents: 16_000,
      channel: 'WEB',
      couponCode: null,
    };
    const hoodiesBefore = (await pipeline.stock.readStock(['SKU-HOODIE-006']))['SKU-HOODIE-006'] ?? 0;
    const value = await pipeline.serde.encode('order.created', order);
    await produceRecords(
      pipeline.namespace,
      'order.created',
      [1, 2, 3].map(() => ({ key: order.orderId, value })),
    );
    const [view] = (await waitForFinalStatuses(pipeline.orderApiUrl, [order.orderId])).values();
    const effectsAfterInjection = async () => ({
      hoodies: (await pipeline.stock.readStock(['SKU-HOODIE-006']))['SKU-HOODIE-006'],
      reserved: (await readEvents(pipeline, 'inventory.reserved')).filter(({ key }) => key === order.orderId)
        .length,
      payments: [
        ...(await readEvents(pipeline, 'payment.completed')),
        ...(await readEvents(pipeline, 'payment.failed')),
      ].filter(({ key }) => key === order.orderId).length,
      notifications: (await readEvents(pipeline, 'notification.sent')).filter(
        ({ key }) => key === order.orderId,
      ).length,
    });
    const once = await effectsAfterInjection();
    const took = view?.status === 'DELIVERY_STARTED' ? 4 : 0;
    expect(once).toEqual({ hoodies: hoodiesBefore - took, reserved: 1, payments: 1, notifications: 1 });

    // Replay: stop inventory, reset its group to the earliest offset, start it again, let it catch up.
    await pipeline.stop('inventory');
    const admin = await pipeline.namespace.admin();
    const groupId = `${pipeline.namespace.prefix}inventory`;
    await admin.resetOffsets({ groupId, topic: `${pipeline.namespace.prefix}order.created`, earliest: true });
    await pipeline.start('inventory');
    await waitForGroupCaughtUp(pipeline.namespace, 'inventory', ['order.created'], { timeoutMs: 60_000 });
    expect(await effectsAfterInjection()).toEqual(once);
  });
});
