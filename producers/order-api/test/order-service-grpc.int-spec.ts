import { randomUUID } from 'node:crypto';

import { isOrderflowError, type OrderflowError } from '@orderflow/errors';
import { checkGrpcHealth, OrderServiceClientChannel, type GrpcOrderStatus } from '@orderflow/grpc';
import {
  createEventPublisher,
  createKafkaClient,
  createReliableProducer,
  type EventPublisher,
} from '@orderflow/kafka';
import { createLogger } from '@orderflow/logging';
import type { AvroSerde } from '@orderflow/registry';
import {
  aNotificationSent,
  anInventoryRejected,
  anInventoryReserved,
  aPaymentCompleted,
  createTestNamespace,
  narrowTopicsFile,
  provisionNamespace,
  readAllRecords,
  waitFor,
  waitUntil,
  type TestNamespace,
} from '@orderflow/testing';
import { loadTopicsFile } from '@orderflow/topics';

import { readOrderApiConfig, startOrderApi, type RunningOrderApi } from '../src';
import { OrderDeliveryService } from '../src/order-delivery.service';
import { OrderStatusFeed } from '../src/order-status.feed';

const topics = narrowTopicsFile(loadTopicsFile(), { group: 'order-api', partitions: 1, retry: ['1s'] });
const EVENT_TOPICS = Object.keys(topics.topics);
const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';

const failureOf = async (work: Promise<unknown>): Promise<OrderflowError> => {
  const outcome = await work.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!isOrderflowError(outcome)) throw new Error(`expected an OrderflowError, got ${String(outcome)}`);
  return outcome;
};

// The order API's gRPC transport on the real Kafka, registry and Redis: every RPC, the status mapping,
// metadata reaching Kafka headers and logs, streams that see every change and release what they hold.
describe('order-api over gRPC on the real stack', () => {
  let namespace: TestNamespace;
  let serde: AvroSerde;
  let service: RunningOrderApi;
  let client: OrderServiceClientChannel;
  let followUps: EventPublisher;
  let disconnectFollowUps: () => Promise<void>;
  // The last test stops the service itself.
  let stopped = false;
  const logLines: string[] = [];

  const placeOrder = async (): Promise<string> => {
    const response = await fetch(`${service.url}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        customerId: 'customer-1',
        currency: 'EUR',
        items: [{ sku: 'SKU-A', quantity: 1, unitPriceCents: 2999 }],
      }),
    });
    expect(response.status).toBe(202);
    return ((await response.json()) as { orderId: string }).orderId;
  };

  const statusOf = async (orderId: string): Promise<GrpcOrderStatus | undefined> =>
    (await client.getOrder(orderId, { deadlineMs: 2_000 }).catch(() => undefined))?.order?.status;

  const waitForStatus = (orderId: string, status: GrpcOrderStatus) =>
    waitFor(async () => ((await statusOf(orderId)) === status ? status : undefined), {
      description: `${orderId} to be ${status}`,
      timeoutMs: 20_000,
    });

  const pay = async (orderId: string): Promise<void> => {
    const trace = { correlationId: `corr-${orderId}` };
    // One at a time: Kafka orders no two topics, and a payment read first would skip RESERVED in the view.
    await followUps.publish([
      { topic: 'inventory.reserved', key: orderId, value: anInventoryReserved({ orderId }), trace },
    ]);
    await waitForStatus(orderId, 'ORDER_STATUS_RESERVED');
    await followUps.publish([
      { topic: 'payment.completed', key: orderId, value: aPaymentCompleted({ orderId }), trace },
    ]);
    await waitForStatus(orderId, 'ORDER_STATUS_PAID');
  };

  const watchers = () => service.app.get(OrderStatusFeed).watchers;

  beforeAll(async () => {
    namespace = createTestNamespace('order-api-grpc');
    ({ serde } = await provisionNamespace(namespace, { topics, schemaTopics: EVENT_TOPICS }));
    const write = process.stdout.write.bind(process.stdout);
    // The service's JSON log lines, to find the caller's metadata in them.
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      if (typeof chunk === 'string' && chunk.startsWith('{')) logLines.push(chunk);
      return write(chunk);
    });
    const config = readOrderApiConfig({
      ...process.env,
      ORDER_API_PORT: '0',
      ORDER_GRPC_PORT: '0',
      ORDERFLOW_TOPIC_PREFIX: namespace.prefix,
      LOG_LEVEL: 'info',
    });
    service = await startOrderApi({ config, topics });
    await service.whenConsuming();
    client = new OrderServiceClientChannel(service.grpcAddress);

    const producer = createReliableProducer({
      kafka: createKafkaClient({
        brokers: namespace.settings.kafkaBrokers,
        clientId: 'order-api-grpc-test',
        logger: createLogger({ service: 'order-api-grpc-test', level: 'error' }),
      }),
    });
    followUps = createEventPublisher({ producer, serde, topicPrefix: namespace.prefix });
    disconnectFollowUps = () => producer.disconnect();
  }, 120_000);

  afterAll(async () => {
    jest.restoreAllMocks();
    client?.close();
    await disconnectFollowUps?.();
    if (!stopped) await service?.close();
    await namespace?.cleanup();
  }, 60_000);

  it('serves grpc.health.v1 SERVING, and readiness covers the gRPC server', async () => {
    await expect(checkGrpcHealth(service.grpcAddress, 2_000)).resolves.toEqual({ status: 'SERVING' });
    const ready = await waitFor(
      async () => {
        const response = await fetch(`${service.url}/health/ready`);
        return response.status === 200
          ? ((await response.json()) as { info: Record<string, unknown> })
          : undefined;
      },
      { description: 'readiness', timeoutMs: 20_000 },
    );
    expect(ready.info.grpc).toEqual({ status: 'up', address: service.grpcAddress, serving: 'SERVING' });
  });

  it('answers GetOrder from the status view, NOT_FOUND for an unknown order, INVALID_ARGUMENT for no id', async () => {
    const orderId = await placeOrder();
    const { order } = await client.getOrder(orderId, { deadlineMs: 2_000 });
    expect(order).toMatchObject({
      orderId,
      status: 'ORDER_STATUS_PENDING',
      customerId: 'customer-1',
      totalCents: '2999',
      currency: 'EUR',
      items: [{ sku: 'SKU-A', quantity: 1, unitPriceCents: '2999' }],
    });

    expect(await failureOf(client.getOrder(randomUUID(), { deadlineMs: 2_000 }))).toMatchObject({
      code: 'NOT_FOUND',
      retriable: false,
      context: expect.objectContaining({ grpcStatus: 'NOT_FOUND' }) as unknown,
    });
    expect(await failureOf(client.getOrder('', { deadlineMs: 2_000 }))).toMatchObject({
      code: 'REQUEST_INVALID',
      retriable: false,
    });
  });

  it('fails a call past its deadline with a retriable DEADLINE_EXCEEDED', async () => {
    const orderId = await placeOrder();
    // A stream the order never ends within the deadline: the deadline, not the order, ends it.
    const watch = (async () => {
      for await (const _view of client.watchOrder(orderId, { deadlineMs: 300 })) void _view;
    })();
    expect(await failureOf(watch)).toMatchObject({ code: 'DEADLINE_EXCEEDED', retriable: true });
    expect(await failureOf(client.getOrder(orderId, { deadlineMs: 0 }))).toMatchObject({
      code: 'DEADLINE_EXCEEDED',
      retriable: true,
    });
    await waitFor(() => Promise.resolve(watchers() === 0 || undefined), {
      description: 'the expired watch released',
      timeoutMs: 10_000,
    });
  });

  it('refuses MarkDeliveryStarted with FAILED_PRECONDITION for a rejected order and UNAVAILABLE before payment', async () => {
    const rejected = await placeOrder();
    await followUps.publish([
      {
        topic: 'inventory.rejected',
        key: rejected,
        value: anInventoryRejected({ orderId: rejected }),
        trace: { correlationId: 'corr-rejected' },
      },
    ]);
    await waitForStatus(rejected, 'ORDER_STATUS_REJECTED');
    expect(await failureOf(client.markDeliveryStarted(rejected, { deadlineMs: 2_000 }))).toMatchObject({
      code: 'WRONG_STATE',
      retriable: false,
      context: expect.objectContaining({ grpcStatus: 'FAILED_PRECONDITION' }) as unknown,
    });

    const pending = await placeOrder();
    // The channel retries UNAVAILABLE within the deadline, then hands it to the caller as retriable.
    const notCaughtUp = await failureOf(client.markDeliveryStarted(pending, { deadlineMs: 3_000 }));
    expect(notCaughtUp.retriable).toBe(true);
    expect(['DEPENDENCY_UNAVAILABLE', 'DEADLINE_EXCEEDED']).toContain(notCaughtUp.code);
    expect(await statusOf(pending)).toBe('ORDER_STATUS_PENDING');
  });

  // Chaos case 16 at 100 000 orders: the view trailed the payments all load long, each call was refused
  // and polled, and the notification sender's queue grew. Now the call waits on the status feed.
  it('waits for a view that has not read the payment yet, and starts delivery in that same call', async () => {
    const orderId = await placeOrder();
    const call = client.markDeliveryStarted(orderId, { deadlineMs: 20_000 });
    await waitUntil(() => watchers() === 1, {
      description: 'the call to wait on the status feed',
      timeoutMs: 10_000,
    });
    await followUps.publish([
      {
        topic: 'payment.completed',
        key: orderId,
        value: aPaymentCompleted({ orderId }),
        trace: { correlationId: `corr-${orderId}` },
      },
    ]);

    await expect(call).resolves.toMatchObject({
      alreadyStarted: false,
      order: { status: 'ORDER_STATUS_DELIVERY_STARTED' },
    });
    const refused = logLines.filter(
      (line) => line.includes('"order.delivery-start-refused"') && line.includes(orderId),
    );
    expect(refused).toEqual([]);
    expect(watchers()).toBe(0);
  });

  it('records MarkDeliveryStarted once: a second call changes nothing and publishes no second event', async () => {
    const orderId = await placeOrder();
    await pay(orderId);
    const correlationId = `corr-${randomUUID()}`;
    const metadata = {
      correlationId,
      traceparent: `00-${TRACE_ID}-b7ad6b7169203331-01`,
      idempotencyKey: `key-${orderId}`,
    };

    const first = await client.markDeliveryStarted(orderId, { deadlineMs: 10_000, metadata });
    const second = await client.markDeliveryStarted(orderId, { deadlineMs: 10_000, metadata });

    expect(first).toMatchObject({
      alreadyStarted: false,
      order: { status: 'ORDER_STATUS_DELIVERY_STARTED' },
    });
    expect(second).toMatchObject({
      alreadyStarted: true,
      order: { status: 'ORDER_STATUS_DELIVERY_STARTED' },
    });
    const records = (await readAllRecords(namespace, 'order.delivery-started')).filter(
      (record) => record.key?.toString() === orderId,
    );
    expect(records).toHaveLength(1);
    const [record] = records;
    expect(record?.headers?.['correlation-id']?.toString()).toBe(correlationId);
    // The event's span is a child of the caller's: the same trace id, a span of its own.
    expect(record?.headers?.traceparent?.toString()).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-01$`));
    const decoded = await serde.decode(record?.value as Buffer);
    expect(decoded).toMatchObject({
      topic: 'order.delivery-started',
      value: { orderId, customerId: 'customer-1' },
    });

    const logged = logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.orderId === orderId && line.msg === 'order.delivery-started');
    expect(logged).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          correlationId,
          traceparent: metadata.traceparent,
          idempotencyKey: metadata.idempotencyKey,
        }) as unknown,
      ]),
    );
  });

  it('streams WatchOrder: the current status, then every transition in order, ending at the final one', async () => {
    const orderId = await placeOrder();
    const seen: string[] = [];
    const watching = (async () => {
      for await (const { order } of client.watchOrder(orderId, { deadlineMs: 30_000 })) {
        seen.push(order?.status ?? 'none');
      }
    })();
    await waitFor(() => Promise.resolve(seen.length === 1 || undefined), {
      description: 'the first view',
      timeoutMs: 20_000,
    });
    await pay(orderId);
    await followUps.publish([
      {
        topic: 'notification.sent',
        key: orderId,
        value: aNotificationSent({ orderId }),
        trace: { correlationId: 'corr-watch' },
      },
    ]);
    await waitForStatus(orderId, 'ORDER_STATUS_CONFIRMED');
    await client.markDeliveryStarted(orderId, { deadlineMs: 10_000 });
    await watching;

    expect(seen).toEqual([
      'ORDER_STATUS_PENDING',
      'ORDER_STATUS_RESERVED',
      'ORDER_STATUS_PAID',
      'ORDER_STATUS_CONFIRMED',
      'ORDER_STATUS_DELIVERY_STARTED',
    ]);
    expect(watchers()).toBe(0);
  });

  it('releases a stream the client cancels', async () => {
    const orderId = await placeOrder();
    const abort = new AbortController();
    const watching = (async () => {
      for await (const _view of client.watchOrder(orderId, { signal: abort.signal })) void _view;
    })();
    await waitFor(() => Promise.resolve(watchers() === 1 || undefined), {
      description: 'the watch open',
      timeoutMs: 20_000,
    });
    abort.abort();
    expect(await failureOf(watching)).toMatchObject({
      context: expect.objectContaining({ grpcStatus: 'CANCELLED' }) as unknown,
    });
    await waitFor(() => Promise.resolve(watchers() === 0 || undefined), {
      description: 'the cancelled watch released',
      timeoutMs: 10_000,
    });
  });

  it('streams WatchOrders filtered by status', async () => {
    const orderId = await placeOrder();
    const abort = new AbortController();
    const stream = client.watchOrders(['ORDER_STATUS_PAID'], { signal: abort.signal });
    const first = stream.next();
    await waitFor(() => Promise.resolve(watchers() === 1 || undefined), {
      description: 'the watch open',
      timeoutMs: 20_000,
    });
    await pay(orderId);
    const result = await first;
    abort.abort();
    // RESERVED came first, but only the filtered status reached the stream.
    expect(result.done).toBe(false);
    expect(result.done ? undefined : result.value.order).toMatchObject({
      orderId,
      status: 'ORDER_STATUS_PAID',
    });
  });

  it('feeds GET /orders/:id/events (SSE) the same transitions', async () => {
    const orderId = await placeOrder();
    const response = await fetch(`${service.url}/orders/${orderId}/events`);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const body = (async () => Buffer.from(await response.arrayBuffer()).toString('utf8'))();
    await waitFor(() => Promise.resolve(watchers() === 1 || undefined), {
      description: 'the SSE watch open',
      timeoutMs: 20_000,
    });
    await pay(orderId);
    // PAID is enough for the command: the call is the word that the confirmation went out.
    await client.markDeliveryStarted(orderId, { deadlineMs: 10_000 });
    const statuses = (await body)
      .split('\n\n')
      .filter((message) => message.startsWith('event: status'))
      .map((message) => (JSON.parse(message.split('data: ')[1] ?? '{}') as { status: string }).status);
    expect(statuses).toEqual(['PENDING', 'RESERVED', 'PAID', 'CONFIRMED', 'DELIVERY_STARTED']);
    await waitFor(() => Promise.resolve(watchers() === 0 || undefined), {
      description: 'the SSE watch released',
      timeoutMs: 20_000,
    });
  });

  // Last: it stops the service. Nest's own close cancelled calls in flight (CANCELLED), and chaos case 14
  // dead-lettered the notifications whose delivery call a rolling order API cut off that way.
  it('answers a MarkDeliveryStarted in flight when the service stops, and takes no new call meanwhile', async () => {
    const orderId = await placeOrder();
    await pay(orderId);
    const delivery = service.app.get(OrderDeliveryService);
    const markDeliveryStarted = delivery.markDeliveryStarted.bind(delivery);
    let signalEntered!: () => void;
    const entered = new Promise<void>((resolve) => (signalEntered = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    jest.spyOn(delivery, 'markDeliveryStarted').mockImplementationOnce(async (command) => {
      signalEntered();
      await released;
      return markDeliveryStarted(command);
    });

    const inFlight = client.markDeliveryStarted(orderId, { deadlineMs: 30_000 });
    await entered;
    stopped = true;
    const stopping = service.close();
    // Released only once the server drains (a new call finds no server), so the stop waits on the call.
    await waitUntil(
      () =>
        client.getOrder(orderId, { deadlineMs: 500 }).then(
          () => false,
          () => true,
        ),
      { description: 'the gRPC server to refuse new calls', timeoutMs: 10_000 },
    );
    release();

    await expect(inFlight).resolves.toMatchObject({
      alreadyStarted: false,
      order: { status: 'ORDER_STATUS_DELIVERY_STARTED' },
    });
    await stopping;
    const cutShort = logLines.filter((line) => line.includes('"grpc.drain-cut-short"'));
    expect(cutShort).toEqual([]);
  });
});
