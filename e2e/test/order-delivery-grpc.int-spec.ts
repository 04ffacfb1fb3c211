import { readFileSync } from 'node:fs';

import { resolveAmqpUrl } from '@orderflow/config';
import { OrderServiceClientChannel } from '@orderflow/grpc';
import { loadQueueTopology, readQueueStats } from '@orderflow/rabbitmq';
import { waitFor } from '@orderflow/testing';

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

// The synchronous path through the whole system: the notification sender calls order-api's
// MarkDeliveryStarted over gRPC after each confirmation it sends, and order-api streams status changes to
// WatchOrder clients.
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

  it('sends the job through the delay queues while order-api is down, and marks delivery started once it is back', async () => {
    // Hold the confirmation back until order-api is gone: the sender down while the order is paid.
    await pipeline.stop('notificationSender');
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
    await pipeline.start('notificationSender');

    // The call fails UNAVAILABLE (nobody listens): retriable, so the job waits in a delay queue.
    const topology = loadQueueTopology(pipeline.namespace.prefix);
    const amqpUrl = resolveAmqpUrl(pipeline.env);
    const held = await waitFor(
      async () =>
        (await readQueueStats({ amqpUrl, topology })).find(
          (queue) => queue.role === 'delay' && queue.ready > 0,
        ),
      { description: `the job of ${orderId} in a delay queue`, timeoutMs: 30_000, intervalMs: 100 },
    );
    expect(held.ready).toBe(1);
    const orderApi = await pipeline.start('orderApi');
    await waitForFinalStatuses(orderApi.url, [orderId], 120_000).then((views) =>
      expect(views.get(orderId)?.status).toBe('DELIVERY_STARTED'),
    );

    const ofOrder = <T extends { key: string }>(events: T[]) => events.filter(({ key }) => key === orderId);
    // notification.sent follows the call's success, before the job is acked.
    const sent = await waitFor(
      async () => {
        const events = ofOrder(await readEvents(pipeline, 'notification.sent'));
        return events.length > 0 ? events : undefined;
      },
      { description: `notification.sent of ${orderId}`, timeoutMs: 30_000 },
    );
    expect(sent.map(({ value }) => value.kind)).toEqual(['ORDER_CONFIRMED']);
    // Read once the call has succeeded (notification.sent is published after it): the view moves before
    // the event is published, so a read right after the view showed DELIVERY_STARTED could miss it (CI did).
    expect(ofOrder(await readEvents(pipeline, 'order.delivery-started'))).toHaveLength(1);
    const stats = await waitFor(
      async () => {
        const queues = await readQueueStats({ amqpUrl, topology });
        return queues.every((queue) => queue.role === 'dlq' || queue.ready === 0) ? queues : undefined;
      },
      { description: 'the work and delay queues drained', timeoutMs: 30_000 },
    );
    expect(stats.filter((queue) => queue.role === 'dlq').map((queue) => queue.ready)).toEqual([0]);
    // Told once: the redeliveries found the notification sent and only called order-api again.
    const told = readFileSync(String(pipeline.env.NOTIFICATION_SINK_FILE), 'utf8')
      .split('\n')
      .filter((line) => line.includes(orderId));
    expect(told).toHaveLength(1);
  }, 240_000);
});
