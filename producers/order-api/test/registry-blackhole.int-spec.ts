import { randomUUID } from 'node:crypto';

import Redis from 'ioredis';

import type { RunningService } from '@orderflow/service-runtime';
import { loadSchemaCatalog, type OrderCreated } from '@orderflow/contracts';
import { createRegistryClient, type AvroSerde } from '@orderflow/registry';
import {
  integrationSettings,
  narrowTopicsFile,
  readAllRecords,
  startServiceInNamespace,
  waitFor,
  type TestNamespace,
} from '@orderflow/testing';
import { loadTopicsFile } from '@orderflow/topics';

import { ORDER_API_SERVICE, readOrderApiConfig, startOrderApi } from '../src';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy';

const topics = narrowTopicsFile(loadTopicsFile(), { group: 'order-api', partitions: 1, retry: ['1s'] });

const PUBLISH_TIMEOUT_MS = 1_500;
const LEASE_MS = PUBLISH_TIMEOUT_MS + 5_000;
/** Node, HTTP and a loaded 2-core box: how late an answer may come after the publish deadline. */
const MARGIN_MS = 1_500;

// The order API cold-starts while the registry hangs (a proxy in front of it swallows every request):
// the schema lookup of the first order never answers, which once held a keyed request past its lease.
describe('order-api with a hung schema registry (F2)', () => {
  let namespace: TestNamespace;
  let serde: AvroSerde;
  let proxy: TcpProxy;
  let service: RunningService;
  let redis: Redis;
  let proxiedRegistryUrl: string;
  let close: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const registry = new URL(integrationSettings().schemaRegistryUrl);
    proxy = await startTcpProxy({ host: registry.hostname, port: Number(registry.port) });
    registry.port = String(proxy.port);
    proxiedRegistryUrl = registry.toString().replace(/\/$/, '');
    ({ namespace, serde, service, close } = await startServiceInNamespace({
      label: 'order-api-registry',
      topics,
      schemaTopics: ['order.created', 'inventory.reserved'],
      portVariable: ORDER_API_SERVICE.portVariable,
      env: {
        SCHEMA_REGISTRY_URL: proxiedRegistryUrl,
        ORDER_API_PUBLISH_TIMEOUT_MS: String(PUBLISH_TIMEOUT_MS),
        ORDER_API_IDEMPOTENCY_LEASE_MS: String(LEASE_MS),
        LOG_LEVEL: 'error',
      },
      // Provisioned through the real registry; the service finds it hung from its first lookup on.
      start: (env) => {
        proxy.blackhole();
        return startOrderApi({ config: readOrderApiConfig(env), topics });
      },
    }));
    redis = new Redis(namespace.settings.redisUrl);
  }, 120_000);

  afterAll(async () => {
    await close?.();
    redis?.disconnect();
    await proxy?.close();
  }, 60_000);

  it('answers a keyed POST within its deadline on a cold schema cache, and its retries after the lease place one order (F2)', async () => {
    const key = randomUUID();
    const customerId = `customer-${randomUUID()}`;
    const order = {
      customerId,
      items: [{ sku: 'SKU-A', quantity: 1, unitPriceCents: 100 }],
      currency: 'EUR',
    };
    const replies: { status: number; ms: number; orderId?: string }[] = [];
    const post = async () => {
      const startedAt = Date.now();
      const response = await fetch(`${service.url}/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'Idempotency-Key': key },
        body: JSON.stringify(order),
      });
      const body = (await response.json()) as { orderId?: string };
      const reply = { status: response.status, ms: Date.now() - startedAt, orderId: body.orderId };
      replies.push(reply);
      return reply;
    };

    const first = await post();
    expect(first.status).toBe(503);
    expect(first.ms).toBeLessThan(PUBLISH_TIMEOUT_MS + MARGIN_MS);

    // The failed request ended its lease; the key still holds the body and the event time.
    const stored = await redis.get(`${namespace.prefix}order-api:idempotency:${key}`);
    expect(JSON.parse(String(stored))).toMatchObject({ state: 'claimed', leaseUntil: 0 });

    // With the registry back, retries go on until one is accepted.
    proxy.pass();
    const accepted = await waitFor(async () => ((await post()).status === 202 ? replies.at(-1) : undefined), {
      description: 'a retry to be accepted',
      timeoutMs: 20_000,
    });
    const again = await post();

    console.log(`F2 replies (status/ms): ${replies.map((reply) => `${reply.status}/${reply.ms}`).join(' ')}`);
    for (const reply of replies) {
      expect([202, 503]).toContain(reply.status);
      expect(reply.ms).toBeLessThan(PUBLISH_TIMEOUT_MS + MARGIN_MS);
    }
    expect(again).toMatchObject({ status: 202, orderId: accepted?.orderId });
    const created = await waitFor(
      async () => {
        const records = await readAllRecords(namespace, 'order.created');
        return records.length > 0 ? records : undefined;
      },
      { description: 'order.created', timeoutMs: 10_000 },
    );
    const events = await Promise.all(
      created.map(async (record) => (await serde.decode(record.value!)).value),
    );
    const ofCustomer = (events as OrderCreated[]).filter((event) => event.customerId === customerId);
    expect(new Set(ofCustomer.map((event) => event.orderId))).toEqual(new Set([accepted?.orderId]));
  });

  it('gives up every kind of registry call after its timeout instead of hanging (F2)', async () => {
    const timeoutMs = 500;
    const client = createRegistryClient({ url: proxiedRegistryUrl, timeoutMs });
    proxy.blackhole();
    try {
      const calls = {
        'library lookup': () =>
          client.findSchemaId(
            `${namespace.prefix}order.created-value`,
            loadSchemaCatalog().get('order.created').latest.text,
          ),
        'library fetch by id': () => client.schemaById(1),
        'plain fetch': () => client.listVersions(`${namespace.prefix}order.created-value`),
      };
      const timings: string[] = [];
      // Twice each: a pooled connection the black hole just cut fails at once, a new one meets the hang.
      for (const [name, call] of Object.entries(calls)) {
        const durations: number[] = [];
        for (const attempt of [1, 2]) {
          const startedAt = Date.now();
          await expect(call()).rejects.toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE', retriable: true });
          durations[attempt - 1] = Date.now() - startedAt;
        }
        timings.push(`${name} ${durations.join('/')} ms`);
        expect(Math.max(...durations)).toBeGreaterThanOrEqual(timeoutMs - 50);
        expect(Math.max(...durations)).toBeLessThan(timeoutMs + MARGIN_MS);
      }
      console.log(`F2 registry calls against a black hole (timeout ${timeoutMs} ms): ${timings.join(', ')}`);
    } finally {
      proxy.pass();
    }
  });
});
