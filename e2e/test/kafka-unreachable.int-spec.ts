import Redis from 'ioredis';

import type { RunningService } from '@orderflow/service-runtime';
import { readOrderApiConfig, startOrderApi } from '@orderflow/order-api';
import { createTestNamespace, registerNamespaceSchemas, type TestNamespace } from '@orderflow/testing';

import { postOrder } from '../src';

describe('the order API with Kafka unreachable', () => {
  let namespace: TestNamespace;
  let orderApi: RunningService;
  let redis: Redis;

  beforeAll(async () => {
    namespace = createTestNamespace('no-kafka');
    redis = new Redis(namespace.settings.redisUrl);
    // The registry is up and knows the schema: only Kafka is missing.
    await registerNamespaceSchemas(namespace, ['order.created']);
    // Port 9 (discard) refuses connections: a broker that is down, not one that is slow.
    orderApi = await startOrderApi({
      config: readOrderApiConfig({
        ...process.env,
        KAFKA_BROKERS: '127.0.0.1:9',
        ORDERFLOW_TOPIC_PREFIX: namespace.prefix,
        ORDER_API_PORT: '0',
        LOG_LEVEL: 'error',
      }),
    });
  });

  afterAll(async () => {
    await orderApi.close();
    redis.disconnect();
    await namespace.cleanup();
  });

  it('answers 503 with Retry-After, stores nothing, and lets the same Idempotency-Key try again', async () => {
    const order = {
      customerId: 'customer-1',
      currency: 'EUR',
      items: [{ sku: 'SKU-BOOK-001', quantity: 1, unitPriceCents: 100 }],
    };
    const first = await postOrder(orderApi.url, order, { 'idempotency-key': 'no-kafka-1' });
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('5');
    expect(first.body.orderId).toBeUndefined();

    expect(await redis.keys(`${namespace.prefix}order-api:status:*`)).toEqual([]);
    // The failed attempt released its key: a retry is attempted again (503 again), not replayed or refused.
    const retry = await postOrder(orderApi.url, order, { 'idempotency-key': 'no-kafka-1' });
    expect(retry.status).toBe(503);
  });

  it('stays alive and reports not ready', async () => {
    expect((await fetch(`${orderApi.url}/health/live`)).status).toBe(200);
    const ready = await fetch(`${orderApi.url}/health/ready`);
    expect(ready.status).toBe(503);
    expect(JSON.stringify(await ready.json())).toContain('kafka');
  });
});
