import { randomUUID } from 'node:crypto';

import type { RunningService } from '@orderflow/service-runtime';
import {
  createTestNamespace,
  narrowTopicsFile,
  provisionNamespace,
  waitFor,
  type TestNamespace,
} from '@orderflow/testing';
import { loadTopicsFile } from '@orderflow/topics';

import { readOrderApiConfig, startOrderApi } from '../src';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy';

const topics = narrowTopicsFile(loadTopicsFile(), { group: 'order-api', partitions: 1, retry: ['1s'] });

/** The Redis client's command timeout (createRedisClient), plus the HTTP round trip on a loaded box. */
const COMMAND_TIMEOUT_MS = 2_000;
const MARGIN_MS = 1_500;

// Redis stalls (a proxy in front of it swallows every command): without a command timeout, every POST
// and GET hung for the whole stall.
describe('order-api with a stalled Redis (§4 Redis slow or down)', () => {
  let namespace: TestNamespace;
  let proxy: TcpProxy;
  let service: RunningService;

  beforeAll(async () => {
    namespace = createTestNamespace('order-api-redis');
    await provisionNamespace(namespace, { topics, schemaTopics: ['order.created', 'inventory.reserved'] });
    const redis = new URL(namespace.settings.redisUrl);
    proxy = await startTcpProxy({ host: redis.hostname, port: Number(redis.port) });
    redis.port = String(proxy.port);
    service = await startOrderApi({
      config: readOrderApiConfig({
        ...process.env,
        REDIS_URL: redis.toString(),
        ORDER_API_PORT: '0',
        ORDERFLOW_TOPIC_PREFIX: namespace.prefix,
        LOG_LEVEL: 'fatal',
      }),
      topics,
    });
  }, 120_000);

  afterAll(async () => {
    proxy?.pass();
    await service?.close();
    await proxy?.close();
    await namespace?.cleanup();
  }, 60_000);

  it('answers a keyed POST and a GET 503 within the command timeout while Redis stalls, and the key works after', async () => {
    const key = randomUUID();
    const order = {
      customerId: 'customer-1',
      items: [{ sku: 'SKU-A', quantity: 1, unitPriceCents: 1 }],
      currency: 'EUR',
    };
    const timed = async (path: string, init?: RequestInit) => {
      const startedAt = Date.now();
      const response = await fetch(`${service.url}${path}`, init);
      return {
        status: response.status,
        ms: Date.now() - startedAt,
        body: (await response.json()) as { orderId?: string },
      };
    };
    const post = () =>
      timed('/orders', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'Idempotency-Key': key },
        body: JSON.stringify(order),
      });

    proxy.blackhole();
    let stalled: { status: number; ms: number }[];
    try {
      stalled = [await post(), await timed(`/orders/${randomUUID()}`)];
    } finally {
      proxy.pass();
    }
    console.log(
      `Redis stall: POST ${stalled[0]!.status}/${stalled[0]!.ms}ms, GET ${stalled[1]!.status}/${stalled[1]!.ms}ms`,
    );
    for (const reply of stalled) {
      expect(reply.status).toBe(503);
      expect(reply.ms).toBeLessThan(COMMAND_TIMEOUT_MS * 3 + MARGIN_MS);
    }

    const accepted = await waitFor(
      async () => {
        const reply = await post();
        return reply.status === 202 ? reply : undefined;
      },
      { description: 'the keyed POST to be accepted once Redis answers', timeoutMs: 20_000 },
    );
    expect(accepted.body.orderId).toEqual(expect.any(String));
  });
});
