import { randomUUID } from 'node:crypto';

import type { RunningService } from '@orderflow/service-runtime';
import { integrationSettings, narrowTopicsFile, startServiceInNamespace, waitFor } from '@orderflow/testing';
import { loadTopicsFile } from '@orderflow/topics';

import { ORDER_API_SERVICE, readOrderApiConfig, startOrderApi } from '../src';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy';

const topics = narrowTopicsFile(loadTopicsFile(), { group: 'order-api', partitions: 1, retry: ['1s'] });

/** The Redis client's command timeout (createRedisClient), plus the HTTP round trip on a loaded box. */
const COMMAND_TIMEOUT_MS = 2_000;
const MARGIN_MS = 1_500;

// Redis stalls (a proxy in front of it swallows every command): without a command timeout, every POST
// and GET hung for the whole stall.
describe('order-api with a stalled Redis (§4 Redis slow or down)', () => {
  let proxy: TcpProxy;
  let service: RunningService;
  let close: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const redis = new URL(integrationSettings().redisUrl);
    proxy = await startTcpProxy({ host: redis.hostname, port: Number(redis.port) });
    redis.port = String(proxy.port);
    ({ service, close } = await startServiceInNamespace({
      label: 'order-api-redis',
      topics,
      schemaTopics: ['order.created', 'inventory.reserved'],
      portVariable: ORDER_API_SERVICE.portVariable,
      env: { REDIS_URL: redis.toString() },
      start: (env) => startOrderApi({ config: readOrderApiConfig(env), topics }),
    }));
  }, 120_000);

  afterAll(async () => {
    proxy?.pass();
    await close?.();
    await proxy?.close();
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
