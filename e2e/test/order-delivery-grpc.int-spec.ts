import { OrderServiceClientChannel } from '@orderflow/grpc';
import { readAllRecords, waitFor, waitForGroupCaughtUp } from '@orderflow/testing';

import { postOrder, readEvents, startPipeline, waitForFinalStatuses, type Pipeline } from '../src';

const STREAMS = 200;
const RANK: Record<string, number> = {
  ORDER_STATUS_PENDING: 0,
  ORDER_STATUS_RESERVED: 1,
  ORDER_STATUS_PAID: 2,
  ORDER_STATUS_CONFIRMED: 3,
  ORDER_STATUS_DELIVERY_STARTED: 4,
  ORDER_STATUS_REJECTED: 4,
  ORDER_STATUS_PAYMENT_FAILED: 4,
};

const anOrder = (n: number) => ({
  customerId: `watcher-${n}`,
  currency: 'EUR',
  items: [
    { sku: n % 10 === 9 ? 'SKU-DISCONTINUED-999' : 'SKU-STICKER-005', quantity: 1, unitPriceCents: 300 },
  ],
});

// The synchronous path through the whole system: notification calls order-api's MarkDeliveryStarted over
// gRPC after each confirmation, and order-api streams status changes to WatchOrder clients.
describe('gRPC between the services, on the real stack', () => {
  let pipeline: Pipeline;
  let client: OrderServiceClientChannel;

  beforeAll(async () => {
    pipeline = await startPipeline('grpc', {
      overrides: { PAYMENT_FAILURE_RATE: '0.2' },
      unitsPerSku: 10_000,
    });
    client = new OrderServiceClientChannel(`127.0.0.1:${pipeline.env.ORDER_GRPC_PORT}`);
  }, 180_000);

  afterAll(async () => {
    client?.close();
    await pipeline?.close();
  }, 60_000);

  it(`streams ${STREAMS} concurrent WatchOrder calls through a real order run, each to its order's final status`, async () => {
    const watches = await Promise.all(
      Array.from({ length: STREAMS }, async (_, n) => {
        const { body } = await postOrder(pipeline.orderApiUrl, anOrder(n));
        const orderId = String(body.orderId);
        const seen: string[] = [];
        for await (const { order } of client.watchOrder(orderId, { deadlineMs: 120_000 })) {
          seen.push(order?.status ?? 'none');
        }
        return { orderId, seen };
      }),
    );
    const finals = await waitForFinalStatuses(
      pipeline.orderApiUrl,
      watches.map(({ orderId }) => orderId),
    );
    for (const { orderId, seen } of watches) {
      const ranks = seen.map((status) => RANK[status] ?? -1);
      // Strictly forward (each change once, in order), ending where the view ended.
      expect({ orderId, ordered: ranks.every((rank, i) => i === 0 || rank > (ranks[i - 1] ?? -1)) }).toEqual({
        orderId,
        ordered: true,
      });
      expect({ orderId, last: seen.at(-1) }).toEqual({
        orderId,
        last: `ORDER_STATUS_${String(finals.get(orderId)?.status)}`,
      });
    }
    const confirmed = watches.filter(({ seen }) => seen.at(-1) === 'ORDER_STATUS_DELIVERY_STARTED');
    expect(confirmed.length).toBeGreaterThan(0);
    for (const { orderId, seen } of confirmed)
      expect({ orderId, confirmed: seen.includes('ORDER_STATUS_CONFIRMED') }).toEqual({
        orderId,
        confirmed: true,
      });
  }, 180_000);

  it('sends the notification event through the retry tiers while order-api is down, and delivers it once it is back', async () => {
    // Hold the confirmation back until order-api is gone: notification down while the order is paid.
    await pipeline.stop('notification');
    // The gateway fails a fifth of the payments (the test above wants both outcomes): place orders until
    // one is paid; ten failures in a row would take a 0.2^10 chance.
    let orderId = '';
    for (let attempt = 0; attempt < 10 && orderId === ''; attempt += 1) {
      const { body } = await postOrder(pipeline.orderApiUrl, anOrder(0));
      const placed = String(body.orderId);
      const status = await waitFor(
        async () => {
          const view = (await (await fetch(`${pipeline.orderApiUrl}/orders/${placed}`)).json()) as {
            status: string;
          };
          return view.status === 'PAID' || view.status === 'PAYMENT_FAILED' ? view.status : undefined;
        },
        { description: `${placed} paid or failed`, timeoutMs: 30_000 },
      );
      if (status === 'PAID') orderId = placed;
    }
    expect(orderId).not.toBe('');
    await pipeline.stop('orderApi');
    await pipeline.start('notification');

    // The call fails UNAVAILABLE (nobody listens): retriable, so the event waits in a retry tier.
    await waitFor(
      async () =>
        (await readAllRecords(pipeline.namespace, 'notification.retry-1s')).some(
          (record) => record.key?.toString() === orderId,
        ) || undefined,
      { description: `${orderId} in notification.retry-1s`, timeoutMs: 30_000 },
    );
    const orderApi = await pipeline.start('orderApi');
    await waitForFinalStatuses(orderApi.url, [orderId], 120_000).then((views) =>
      expect(views.get(orderId)?.status).toBe('DELIVERY_STARTED'),
    );

    const ofOrder = <T extends { key: string }>(events: T[]) => events.filter(({ key }) => key === orderId);
    expect(ofOrder(await readEvents(pipeline, 'order.delivery-started'))).toHaveLength(1);
    // notification.sent follows the call's success, once the retried handler returns.
    await waitForGroupCaughtUp(
      pipeline.namespace,
      'notification',
      ['payment.completed', 'notification.retry-1s', 'notification.retry-10s', 'notification.retry-60s'],
      { timeoutMs: 60_000 },
    );
    const dead = (await readAllRecords(pipeline.namespace, 'notification.dlq')).filter(
      (record) => record.key?.toString() === orderId,
    );
    expect(dead).toHaveLength(0);
    // Told once: the retries found the notification sent and only called order-api again.
    const sent = (await readEvents(pipeline, 'notification.sent')).filter(({ key }) => key === orderId);
    expect(sent.map(({ value }) => value.kind)).toEqual(['ORDER_CONFIRMED']);
  }, 240_000);
});
