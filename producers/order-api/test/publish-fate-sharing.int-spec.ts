import { randomUUID } from 'node:crypto';

import type { RunningService } from '@orderflow/service-runtime';
import type { OrderCreated } from '@orderflow/contracts';
import type { AvroSerde } from '@orderflow/registry';
import {
  narrowTopicsFile,
  readAllRecords,
  startServiceInNamespace,
  waitFor,
  type TestNamespace,
} from '@orderflow/testing';
import { loadTopicsFile, type TopicsFile } from '@orderflow/topics';

import { ORDER_API_SERVICE, readOrderApiConfig, startOrderApi } from '../src';

// order.created refuses batches over 4 KiB: one maximum-size order (100 lines of 64-character skus,
// about 7 KB in Avro) can never be appended, and a coalesced request of small orders can outgrow it too.
const narrow = narrowTopicsFile(loadTopicsFile(), { group: 'order-api', partitions: 1, retry: ['1s'] });
const topics: TopicsFile = {
  ...narrow,
  topics: {
    ...narrow.topics,
    'order.created': {
      owner: 'producers/order-api',
      key: 'orderId',
      consumers: [],
      partitions: 3,
      configs: { ...narrow.topics['order.created']?.configs, 'max.message.bytes': '4096' },
    },
  },
};

const SMALL_ORDERS = 60;
const OVERSIZE_ORDERS = 3;

interface Reply {
  status: number;
  body: { orderId?: string; error?: string };
}

describe('order-api when one partition refuses a coalesced request (F1 fate sharing)', () => {
  let namespace: TestNamespace;
  let serde: AvroSerde;
  let service: RunningService;
  let close: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ namespace, serde, service, close } = await startServiceInNamespace({
      label: 'order-api-fate',
      topics,
      schemaTopics: ['order.created', 'inventory.reserved'],
      portVariable: ORDER_API_SERVICE.portVariable,
      start: (env) => startOrderApi({ config: readOrderApiConfig(env), topics }),
    }));
  }, 120_000);

  afterAll(() => close?.(), 60_000);

  const post = async (body: unknown): Promise<Reply> => {
    const response = await fetch(`${service.url}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Reply['body'] };
  };

  it('fails only the oversize orders, places every small one sent alongside, and leaves no ghost in the log (F1)', async () => {
    const customerId = `customer-${randomUUID()}`;
    const small = () => ({
      customerId,
      items: [{ sku: 'SKU-A', quantity: 1, unitPriceCents: 100 }],
      currency: 'EUR',
    });
    const oversize = () => ({
      customerId,
      items: Array.from({ length: 100 }, (_, line) => ({
        sku: `SKU-${String(line).padStart(3, '0')}-${'X'.repeat(56)}`,
        quantity: 1,
        unitPriceCents: 100,
      })),
      currency: 'EUR',
    });
    const bodies = Array.from({ length: SMALL_ORDERS + OVERSIZE_ORDERS }, (_, index) =>
      index % 20 === 5 ? oversize() : small(),
    );
    const startedAt = Date.now();
    const replies = await Promise.all(bodies.map(post));
    const elapsedMs = Date.now() - startedAt;

    const isOversize = (index: number): boolean => bodies[index]!.items.length === 100;
    const statuses = (wanted: boolean) =>
      replies.filter((_, index) => isOversize(index) === wanted).map((reply) => reply.status);
    console.log(
      `F1 fate sharing: ${SMALL_ORDERS} small + ${OVERSIZE_ORDERS} oversize orders answered in ${elapsedMs} ms; ` +
        `small ${JSON.stringify(statuses(false).reduce<Record<number, number>>((n, s) => ({ ...n, [s]: (n[s] ?? 0) + 1 }), {}))}, ` +
        `oversize ${JSON.stringify(statuses(true))}`,
    );
    expect(statuses(true)).toEqual(Array(OVERSIZE_ORDERS).fill(413));
    for (const [index, reply] of replies.entries()) {
      if (isOversize(index)) expect(reply.body.error).toBe('order_too_large');
    }
    expect(statuses(false)).toEqual(Array(SMALL_ORDERS).fill(202));

    // Every order in the log was answered 202: none that was answered as failed is there.
    const accepted = new Set(
      replies.filter((reply) => reply.status === 202).map((reply) => reply.body.orderId),
    );
    const created = await waitFor(
      async () => {
        const records = await readAllRecords(namespace, 'order.created');
        const events = (await Promise.all(
          records.map(async (r) => (await serde.decode(r.value!)).value),
        )) as OrderCreated[];
        return new Set(events.map((event) => event.orderId)).size >= accepted.size ? events : undefined;
      },
      { description: 'the accepted orders in order.created', timeoutMs: 20_000 },
    );
    expect(new Set(created.map((event) => event.orderId))).toEqual(accepted);
  });
});
