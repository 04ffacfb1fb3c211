import { randomUUID } from 'node:crypto';

import type { RunningService } from '@orderflow/service-runtime';
import type { OrderCreated } from '@orderflow/contracts';
import {
  createEventPublisher,
  createKafkaClient,
  createReliableProducer,
  type EventPublisher,
  type KafkaRecord,
  type ToolConsumer,
} from '@orderflow/kafka';
import { createLogger } from '@orderflow/logging';
import type { AvroSerde } from '@orderflow/registry';
import {
  aNotificationSent,
  anInventoryRejected,
  anInventoryReserved,
  aPaymentCompleted,
  createTestNamespace,
  kafkaFor,
  narrowTopicsFile,
  provisionNamespace,
  waitFor,
  waitForGroupCaughtUp,
  type TestNamespace,
} from '@orderflow/testing';
import { loadTopicsFile, type TopicsFile } from '@orderflow/topics';

import { readOrderApiConfig, startOrderApi, type OrderStatusView } from '../src';

// topics.yaml's order-api group, with one partition per topic and a short retry tier: the HTTP path and
// the projection end to end on the real Kafka, registry and Redis, in seconds.
const topicsFile = (): TopicsFile =>
  narrowTopicsFile(loadTopicsFile(), { group: 'order-api', partitions: 1, retry: ['1s'] });

const EVENT_TOPICS = [
  'order.created',
  'inventory.reserved',
  'inventory.rejected',
  'inventory.released',
  'payment.completed',
  'payment.failed',
  'notification.sent',
] as const;

const anOrder = (customerId = 'customer-1') => ({
  customerId,
  items: [
    { sku: 'SKU-A', quantity: 2, unitPriceCents: 1250 },
    { sku: 'SKU-B', quantity: 1, unitPriceCents: 499 },
  ],
  currency: 'EUR',
});

interface Reply {
  status: number;
  headers: Headers;
  body: unknown;
}

describe('order-api over HTTP on the real stack', () => {
  const topics = topicsFile();
  let namespace: TestNamespace;
  let serde: AvroSerde;
  let service: RunningService;
  let followUps: EventPublisher;
  let disconnectFollowUps: () => Promise<void>;
  let reader: ToolConsumer;
  const created: KafkaRecord[] = [];

  const request = async (path: string, init: RequestInit = {}): Promise<Reply> => {
    const response = await fetch(`${service.url}${path}`, init);
    const text = await response.text();
    const isJson = response.headers.get('content-type')?.includes('application/json') ?? false;
    return { status: response.status, headers: response.headers, body: isJson ? JSON.parse(text) : text };
  };

  const post = (body: unknown, headers: Record<string, string> = {}): Promise<Reply> =>
    request('/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
    });

  const createdFor = (orderId: string): KafkaRecord[] =>
    created.filter((message) => message.key?.toString() === orderId);

  /** Waits until order.created for `orderId` has been read back from the topic. */
  const publishedRecordOf = async (orderId: string): Promise<KafkaRecord> =>
    waitFor(() => Promise.resolve(createdFor(orderId)[0]), {
      description: `order.created for ${orderId}`,
      timeoutMs: 20_000,
    });

  const statusOf = async (orderId: string, status: string): Promise<OrderStatusView> =>
    waitFor(
      async () => {
        const reply = await request(`/orders/${orderId}`);
        const view = reply.body as OrderStatusView;
        return reply.status === 200 && view.status === status ? view : undefined;
      },
      { description: `order ${orderId} to be ${status}`, timeoutMs: 30_000 },
    );

  beforeAll(async () => {
    namespace = createTestNamespace('order-api');
    ({ serde } = await provisionNamespace(namespace, { topics, schemaTopics: [...EVENT_TOPICS] }));

    const config = readOrderApiConfig({
      ...process.env,
      ORDER_API_PORT: '0',
      ORDERFLOW_TOPIC_PREFIX: namespace.prefix,
      LOG_LEVEL: 'error',
    });
    service = await startOrderApi({ config, topics });
    await service.whenConsuming();

    const logger = createLogger({ service: 'order-api-test', level: 'error' });
    const producer = createReliableProducer({
      kafka: createKafkaClient({
        brokers: namespace.settings.kafkaBrokers,
        clientId: 'order-api-test',
        logger,
      }),
    });
    followUps = createEventPublisher({ producer, serde, topicPrefix: namespace.prefix });
    disconnectFollowUps = () => producer.disconnect();

    reader = kafkaFor(namespace, 'order-api-test-reader').consumer({ groupId: `${namespace.prefix}reader` });
    await reader.connect();
    await reader.subscribe({ topics: [`${namespace.prefix}order.created`], fromBeginning: true });
    await reader.run({
      eachMessage: (record) => {
        created.push(record);
        return Promise.resolve();
      },
    });
  }, 120_000);

  afterAll(async () => {
    await reader?.disconnect();
    await disconnectFollowUps?.();
    await service?.close();
    await namespace?.cleanup();
  }, 60_000);

  it('publishes order.created before answering 202 with Location and the correlation id', async () => {
    const correlationId = `corr-${randomUUID()}`;
    const reply = await post(anOrder(), { 'X-Correlation-Id': correlationId });

    expect(reply.status).toBe(202);
    const body = reply.body as { orderId: string };
    expect(body).toEqual({
      orderId: expect.any(String) as unknown,
      status: 'PENDING',
      totalCents: 2999,
      currency: 'EUR',
    });
    expect(reply.headers.get('location')).toBe(`/orders/${body.orderId}`);
    expect(reply.headers.get('x-correlation-id')).toBe(correlationId);

    const message = await publishedRecordOf(body.orderId);
    expect(message.headers?.['correlation-id']?.toString()).toBe(correlationId);
    const decoded = await serde.decode(message.value as Buffer);
    expect(decoded.topic).toBe('order.created');
    expect(decoded.value).toMatchObject<Partial<OrderCreated>>({
      orderId: body.orderId,
      customerId: 'customer-1',
      currency: 'EUR',
      totalCents: 2999,
      items: anOrder().items,
    });

    const view = await request(`/orders/${body.orderId}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      orderId: body.orderId,
      status: 'PENDING',
      customerId: 'customer-1',
      totalCents: 2999,
    });
  });

  it('generates a correlation id when none is sent', async () => {
    const reply = await post(anOrder());
    expect(reply.status).toBe(202);
    expect(reply.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('lists every invalid field in one 400', async () => {
    const reply = await post({
      customerId: '',
      currency: 'eur',
      items: [{ sku: 'A', quantity: 0, unitPriceCents: 1 }],
    });
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ error: 'invalid_order' });
    const paths = (reply.body as { issues: { path: string }[] }).issues.map((issue) => issue.path).sort();
    expect(paths).toEqual(['currency', 'customerId', 'items.0.quantity']);
  });

  it('answers malformed JSON with a JSON 400 and an oversized body with a JSON 413', async () => {
    const malformed = await post('{"customerId": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ error: 'malformed_json' });

    const oversized = await post({ ...anOrder(), padding: 'x'.repeat(70 * 1024) });
    expect(oversized.status).toBe(413);
    expect(oversized.body).toMatchObject({ error: 'payload_too_large' });
  });

  describe('bad input gets a 4xx that names what is wrong (F13)', () => {
    const issuesOf = (reply: Reply) => (reply.body as { issues: { path: string; message: string }[] }).issues;

    it('refuses CR, LF and NUL in customerId (it becomes a notification recipient)', async () => {
      for (const customerId of ['customer-1\r\nBcc: someone@example.com', 'customer\u00001']) {
        const reply = await post({ ...anOrder(), customerId });
        expect(reply.status).toBe(400);
        expect(issuesOf(reply)).toEqual([
          {
            path: 'customerId',
            message: expect.stringMatching(
              /^customerId must not contain control characters .*U\+000[0D]/,
            ) as unknown,
          },
        ]);
      }
    });

    it('refuses unpaired UTF-16 surrogates, which Avro would merge into one sku', async () => {
      const items =
        '[{"sku":"A\\ud800","quantity":1,"unitPriceCents":1},{"sku":"A\\udbff","quantity":1,"unitPriceCents":1}]';
      const reply = await post(`{"customerId":"customer-1","currency":"EUR","items":${items}}`);
      expect(reply.status).toBe(400);
      expect(issuesOf(reply).map((issue) => [issue.path, issue.message])).toEqual([
        ['items.0.sku', 'sku must be well-formed Unicode (it holds an unpaired UTF-16 surrogate)'],
        ['items.1.sku', 'sku must be well-formed Unicode (it holds an unpaired UTF-16 surrogate)'],
      ]);
    });

    it('refuses a sku outside the stock seed’s pattern', async () => {
      const reply = await post({ ...anOrder(), items: [{ sku: 'SKU A/1', quantity: 1, unitPriceCents: 1 }] });
      expect(reply.status).toBe(400);
      expect(issuesOf(reply)).toEqual([
        { path: 'items.0.sku', message: expect.stringContaining('letters, digits') as unknown },
      ]);
    });

    it('refuses a body that is not valid UTF-8 instead of reading U+FFFD into it', async () => {
      const bytes = Buffer.from(JSON.stringify(anOrder('customer-XY')));
      bytes.fill(0xff, bytes.indexOf('XY'), bytes.indexOf('XY') + 2);
      const reply = await post(bytes);
      expect(reply.status).toBe(400);
      expect(reply.body).toMatchObject({
        error: 'invalid_utf8',
        message: expect.stringContaining('UTF-8') as unknown,
      });
    });

    it('answers deep nesting without a 500, with an Idempotency-Key too', async () => {
      const depth = 30_000;
      const nested = `${'['.repeat(depth)}${']'.repeat(depth)}`;
      const unknownField = await post(`{"deep":${nested},${JSON.stringify(anOrder()).slice(1)}`, {
        'Idempotency-Key': randomUUID(),
      });
      expect(unknownField.status).toBe(202);
      const inAField = await post(`{"customerId":${nested},"currency":"EUR","items":[]}`, {
        'Idempotency-Key': randomUUID(),
      });
      expect(inAField.status).toBe(400);
      expect(issuesOf(inAField).map((issue) => issue.path)).toEqual(['customerId', 'items']);
    });

    it('answers a body that is not JSON with a 415 naming the type to send', async () => {
      const plain = await post(JSON.stringify(anOrder()), { 'content-type': 'text/plain' });
      expect(plain.status).toBe(415);
      expect(plain.body).toMatchObject({
        error: 'unsupported_media_type',
        message: expect.stringContaining('application/json') as unknown,
      });
      const form = await post('customerId=c1', { 'content-type': 'application/x-www-form-urlencoded' });
      expect(form.status).toBe(415);
    });
  });

  it('publishes one order for 5 concurrent POSTs with the same Idempotency-Key, answering all alike', async () => {
    const key = randomUUID();
    const customerId = `customer-${randomUUID()}`;
    const replies = await Promise.all(
      Array.from({ length: 5 }, () => post(anOrder(customerId), { 'Idempotency-Key': key })),
    );

    expect(replies.map((reply) => reply.status)).toEqual([202, 202, 202, 202, 202]);
    const [first] = replies;
    for (const reply of replies) {
      expect(reply.body).toEqual(first?.body);
      expect(reply.headers.get('location')).toBe(first?.headers.get('location'));
    }

    const retry = await post(anOrder(customerId), { 'Idempotency-Key': key });
    expect(retry).toMatchObject({ status: 202, body: first?.body });
    const reused = await post({ ...anOrder(customerId), currency: 'USD' }, { 'Idempotency-Key': key });
    expect(reused.status).toBe(422);
    expect(reused.body).toMatchObject({ error: 'idempotency_key_reused' });

    // A sentinel order placed after all of them: once it is read back, everything published before it
    // on the topic's one partition has been read too, so the count below is final.
    const sentinel = (await post(anOrder())).body as { orderId: string };
    await publishedRecordOf(sentinel.orderId);
    const decoded = await Promise.all(created.map((message) => serde.decode(message.value as Buffer)));
    const ofCustomer = decoded.filter(
      (event) => event.topic === 'order.created' && event.value.customerId === customerId,
    );
    expect(ofCustomer.map((event) => (event.value as OrderCreated).orderId)).toEqual([
      (first?.body as { orderId: string }).orderId,
    ]);
  });

  it('moves the status view forward from follow-ups, whatever order they arrive in', async () => {
    const { orderId } = (await post(anOrder())).body as { orderId: string };
    const trace = { correlationId: 'corr-projection' };
    const at = Date.now();
    // Confirmation first, reservation last: the view must still end CONFIRMED.
    await followUps.publish([
      {
        topic: 'notification.sent',
        key: orderId,
        value: aNotificationSent({ orderId, occurredAt: at + 3 }),
        trace,
      },
    ]);
    await statusOf(orderId, 'CONFIRMED');
    await followUps.publish([
      {
        topic: 'payment.completed',
        key: orderId,
        value: aPaymentCompleted({ orderId, occurredAt: at + 2 }),
        trace,
      },
      {
        topic: 'inventory.reserved',
        key: orderId,
        value: anInventoryReserved({
          orderId,
          occurredAt: at + 1,
          lines: [
            { sku: 'SKU-A', quantity: 2 },
            { sku: 'SKU-B', quantity: 1 },
          ],
        }),
        trace,
      },
    ]);
    // The late follow-ups changed no status: the group having committed them says they were applied.
    await waitForGroupCaughtUp(namespace, 'order-api', ['payment.completed', 'inventory.reserved']);

    const view = await statusOf(orderId, 'CONFIRMED');
    expect(view).toMatchObject({
      customerId: 'customer-1',
      totalCents: 2999,
      currency: 'EUR',
      notifications: [{ kind: 'ORDER_CONFIRMED', channel: 'EMAIL' }],
    });
  });

  it('shows a rejection with what was short', async () => {
    const { orderId } = (await post(anOrder())).body as { orderId: string };
    await followUps.publish([
      {
        topic: 'inventory.rejected',
        key: orderId,
        value: anInventoryRejected({ orderId }),
        trace: { correlationId: 'corr-rejected' },
      },
    ]);
    const view = await statusOf(orderId, 'REJECTED');
    expect(view.reason).toBe('insufficient stock: SKU-A (requested 2, available 1)');
  });

  it('answers an unknown order with a JSON 404', async () => {
    const reply = await request(`/orders/${randomUUID()}`);
    expect(reply.status).toBe(404);
    expect(reply.body).toMatchObject({ error: 'order_not_found' });
  });

  it('serves the OpenAPI document and Swagger UI', async () => {
    const document = await request('/openapi.json');
    expect(document.status).toBe(200);
    const paths = (document.body as { paths: Record<string, Record<string, unknown>> }).paths;
    expect(Object.keys(paths)).toEqual(expect.arrayContaining(['/orders', '/orders/{id}']));
    expect(paths['/orders']).toHaveProperty('post');
    const { responses } = paths['/orders']!.post as { responses: Record<string, { description: string }> };
    expect(Object.keys(responses)).toEqual(
      expect.arrayContaining(['202', '400', '409', '413', '415', '422', '503', '504']),
    );
    expect(responses['504']?.description).toContain('Outcome unknown');

    const ui = await request('/docs');
    expect(ui.status).toBe(200);
    expect(String(ui.body)).toContain('swagger');
  });
});
