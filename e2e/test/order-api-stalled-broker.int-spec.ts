import { randomUUID } from 'node:crypto';

import type { RunningService } from '@orderflow/service-runtime';
import type { OrderCreated } from '@orderflow/contracts';
import { ORDER_API_SERVICE, readOrderApiConfig, startOrderApi } from '@orderflow/order-api';
import type { AvroSerde } from '@orderflow/registry';
import {
  narrowTopicsFile,
  readAllRecords,
  startServiceInNamespace,
  waitFor,
  type TestNamespace,
} from '@orderflow/testing';
import { loadTopicsFile } from '@orderflow/topics';

import { startPrivateKafka, type PrivateKafka } from './support/private-kafka';

const topics = narrowTopicsFile(loadTopicsFile(), { group: 'order-api', partitions: 1, retry: ['1s'] });

const PUBLISH_TIMEOUT_MS = 2_000;
const SEND_QUEUE_LIMIT = 5;
/** Node, HTTP and a loaded 2-core box: how late an answer may come after the publish deadline. */
const MARGIN_MS = 1_500;

interface Reply {
  status: number;
  ms: number;
  body: { orderId?: string; status?: string; error?: string };
  location: string | null;
}

const anOrder = (customerId: string) => ({
  customerId,
  items: [{ sku: 'SKU-A', quantity: 1, unitPriceCents: 100 }],
  currency: 'EUR',
});

// A broker of the test's own, SIGSTOPped under requests: it takes the bytes and answers nothing, so the
// order API cannot know whether an order is in the log.
describe('order-api with a stalled broker (F1, F9)', () => {
  let kafka: PrivateKafka;
  let namespace: TestNamespace;
  let serde: AvroSerde;
  let service: RunningService;
  let close: (() => Promise<void>) | undefined;

  const post = async (body: unknown, headers: Record<string, string> = {}): Promise<Reply> => {
    const startedAt = Date.now();
    const response = await fetch(`${service.url}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return {
      status: response.status,
      ms: Date.now() - startedAt,
      body: (await response.json()) as Reply['body'],
      location: response.headers.get('location'),
    };
  };

  const createdOf = async (customerId: string, atLeast: number): Promise<OrderCreated[]> =>
    waitFor(
      async () => {
        const records = await readAllRecords(namespace, 'order.created');
        const events = await Promise.all(
          records.map(async (record) => (await serde.decode(record.value!)).value),
        );
        const ofCustomer = (events as OrderCreated[]).filter((event) => event.customerId === customerId);
        return ofCustomer.length >= atLeast ? ofCustomer : undefined;
      },
      { description: `order.created of ${customerId}`, timeoutMs: 20_000 },
    );

  beforeAll(async () => {
    kafka = await startPrivateKafka();
    ({ namespace, serde, service, close } = await startServiceInNamespace({
      label: 'order-api-stall',
      topics,
      schemaTopics: ['order.created', 'inventory.reserved'],
      portVariable: ORDER_API_SERVICE.portVariable,
      kafkaBrokers: kafka.brokers,
      env: {
        ORDER_API_PUBLISH_TIMEOUT_MS: String(PUBLISH_TIMEOUT_MS),
        ORDER_API_IDEMPOTENCY_LEASE_MS: String(PUBLISH_TIMEOUT_MS + 5_000),
        ORDER_API_SEND_QUEUE_LIMIT: String(SEND_QUEUE_LIMIT),
      },
      start: (env) => startOrderApi({ config: readOrderApiConfig(env), topics }),
    }));
    // A warm schema cache and a connected producer: what the stall then hits is the broker alone.
    expect((await post(anOrder('warm-up'))).status).toBe(202);
  }, 180_000);

  afterAll(async () => {
    kafka?.resume();
    await close?.();
    await kafka?.stop();
  }, 90_000);

  it('answers a keyed POST under a stalled broker "outcome unknown" with its orderId, never "not placed", and the retry after SIGCONT is the one order (F1)', async () => {
    const key = randomUUID();
    const customerId = `customer-${randomUUID()}`;
    kafka.pause();
    let first: Reply;
    try {
      first = await post(anOrder(customerId), { 'Idempotency-Key': key });
    } finally {
      kafka.resume();
    }
    expect(first.status).toBe(504);
    expect(first.body).toMatchObject({ error: 'outcome_unknown', status: 'UNKNOWN' });
    expect(first.location).toBe(`/orders/${first.body.orderId}`);
    expect(first.ms).toBeLessThan(PUBLISH_TIMEOUT_MS + MARGIN_MS);

    const replies = [first];
    const accepted = await waitFor(
      async () => {
        const reply = await post(anOrder(customerId), { 'Idempotency-Key': key });
        replies.push(reply);
        return reply.status === 202 ? reply : undefined;
      },
      { description: 'the retry to be accepted', timeoutMs: 30_000 },
    );
    expect(accepted.body.orderId).toBe(first.body.orderId);

    const created = await createdOf(customerId, 1);
    console.log(
      `F1 stalled broker: replies ${replies.map((reply) => `${reply.status}/${reply.ms}ms`).join(' ')}; ` +
        `order.created records ${created.length}, orderIds ${new Set(created.map((event) => event.orderId)).size}, ` +
        `eventIds ${new Set(created.map((event) => event.eventId)).size}`,
    );
    expect(new Set(created.map((event) => event.orderId))).toEqual(new Set([first.body.orderId]));
    expect(new Set(created.map((event) => event.eventId)).size).toBe(1);
  });

  it('answers POSTs beyond the send queue 503 at once under a stalled broker, and every caller within its deadline (F9)', async () => {
    const customerId = `customer-${randomUUID()}`;
    kafka.pause();
    let replies: Reply[];
    try {
      replies = await Promise.all(Array.from({ length: 20 }, () => post(anOrder(customerId))));
    } finally {
      kafka.resume();
    }
    console.log(
      `F9 stalled broker, queue limit ${SEND_QUEUE_LIMIT}: ${replies
        .map((reply) => `${reply.status}/${reply.ms}ms`)
        .join(' ')}`,
    );
    // The callers of the request on the wire hear 504; at most the queue's worth wait for their deadline
    // to hear 503; every other caller hears 503 at once (well under the deadline, on a loaded box).
    const inFlight = replies.filter((reply) => reply.status === 504).length;
    const waited = replies.filter((reply) => reply.status === 503 && reply.ms >= PUBLISH_TIMEOUT_MS / 2);
    const atOnce = replies.filter((reply) => reply.status === 503 && reply.ms < PUBLISH_TIMEOUT_MS / 2);
    expect(waited.length).toBeLessThanOrEqual(SEND_QUEUE_LIMIT);
    expect(atOnce.length).toBeGreaterThanOrEqual(20 - inFlight - SEND_QUEUE_LIMIT);
    for (const reply of replies) {
      expect([503, 504]).toContain(reply.status);
      expect(reply.ms).toBeLessThan(PUBLISH_TIMEOUT_MS + MARGIN_MS);
    }
    // Only a 504 may be in the log: whatever was answered 503 was never sent.
    const unknown = new Set(
      replies.filter((reply) => reply.status === 504).map((reply) => reply.body.orderId),
    );
    const marker = await post(anOrder(customerId));
    expect(marker.status).toBe(202);
    const created = await createdOf(customerId, 1);
    for (const event of created) {
      expect(event.orderId === marker.body.orderId || unknown.has(event.orderId)).toBe(true);
    }
  });
});
