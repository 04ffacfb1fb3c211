import { randomUUID } from 'node:crypto';

import Redis from 'ioredis';

import { loadSchemaCatalog, pinSchemaVersions, type OrderCreatedV1 } from '@orderflow/contracts';
import { createAvroSerde, createRegistryClient } from '@orderflow/registry';
import { encodeAsVersion, produceRecords, readAllRecords, waitForGroupCaughtUp } from '@orderflow/testing';
import { consumerGroup, loadTopicsFile } from '@orderflow/topics';

import {
  PIPELINE_SERVICES,
  postOrder,
  readEvents,
  startPipeline,
  waitForFinalStatuses,
  type Pipeline,
} from '../src';

const V1_ORDERS = 6;
const CHANNELS = ['WEB', 'MOBILE', 'STORE', 'PARTNER'] as const;
const V2_ORDERS = 8;

const lineOf = (n: number) => ({
  sku: n % 2 === 0 ? 'SKU-STICKER-005' : 'SKU-BOOK-001',
  quantity: 1 + (n % 3),
  unitPriceCents: 250,
});

/** An order as the order API wrote it before the rollout: order.created v1, without channel or coupon. */
const v1Order = (n: number): OrderCreatedV1.OrderCreated => {
  const line = lineOf(n);
  return {
    eventId: randomUUID(),
    occurredAt: Date.now(),
    orderId: randomUUID(),
    customerId: `before-rollout-${n}`,
    items: [line],
    currency: 'EUR',
    totalCents: line.quantity * line.unitPriceCents,
  };
};

// A rollout in flight: order.created v2 is registered and the new order API writes it, while inventory is
// still the build from before (its order.created reader is v1, ORDERFLOW_SCHEMA_VERSIONS) and the new
// analytics starts on a topic that already holds v1 records, reading it from the earliest offset.
describe('order.created v2 rolling out: an old reader and a new one on one topic of mixed versions', () => {
  let pipeline: Pipeline;
  let redis: Redis;
  const v1Orders = Array.from({ length: V1_ORDERS }, (_, n) => v1Order(n));
  const v2OrderIds: string[] = [];

  beforeAll(async () => {
    pipeline = await startPipeline('schema-rollout', {
      services: [],
      serviceOverrides: { inventory: { ORDERFLOW_SCHEMA_VERSIONS: 'order.created=1' } },
    });
    redis = new Redis(pipeline.namespace.settings.redisUrl);
    const { namespace } = pipeline;
    const client = createRegistryClient({ url: namespace.settings.schemaRegistryUrl });
    // Written before the rollout, with v1's schema id, before any service of the new build runs.
    await produceRecords(
      namespace,
      'order.created',
      await Promise.all(
        v1Orders.map(async (order) => ({
          key: order.orderId,
          value: await encodeAsVersion({
            client,
            topic: 'order.created',
            version: 1,
            value: order,
            topicPrefix: namespace.prefix,
          }),
        })),
      ),
    );
    for (const name of PIPELINE_SERVICES) await pipeline.start(name);
  });

  afterAll(async () => {
    redis.disconnect();
    await pipeline.close();
  });

  it('the old inventory reserves the v2 orders, and the new analytics counts v1 and v2 orders, v1 under UNKNOWN', async () => {
    const orderApiUrl = pipeline.services.orderApi?.url ?? '';
    for (let n = 0; n < V2_ORDERS; n += 1) {
      // The last order names no channel: recorded as UNKNOWN, like every v1 order.
      const channel = n < V2_ORDERS - 1 ? CHANNELS[n % CHANNELS.length] : undefined;
      const { status, body } = await postOrder(orderApiUrl, {
        customerId: `after-rollout-${n}`,
        currency: 'EUR',
        items: [lineOf(n)],
        ...(channel === undefined ? {} : { channel }),
        ...(n === 0 ? { couponCode: 'WELCOME10' } : {}),
      });
      expect(status).toBe(202);
      v2OrderIds.push(body.orderId as string);
    }

    // Every order reaches a final status: the pinned inventory read each v2 record, resolved against v2
    // from the registry, and reserved or rejected it.
    const allIds = [...v1Orders.map(({ orderId }) => orderId), ...v2OrderIds];
    const views = await waitForFinalStatuses(orderApiUrl, allIds);
    const reserved = await readEvents(pipeline, 'inventory.reserved');
    const rejected = await readEvents(pipeline, 'inventory.rejected');
    const decided = new Set([...reserved, ...rejected].map(({ key }) => key));
    expect(allIds.filter((id) => !decided.has(id))).toEqual([]);
    expect(views.get(v2OrderIds[0] ?? '')).toMatchObject({ channel: 'WEB', couponCode: 'WELCOME10' });

    // The topic holds both versions, and a v1 reader (as the old inventory has it) sees v2 records as v1.
    const records = await readAllRecords(pipeline.namespace, 'order.created');
    const client = createRegistryClient({ url: pipeline.namespace.settings.schemaRegistryUrl });
    const writers = new Set(
      await Promise.all(
        records.map(async (record) => {
          const [entry] = await client.subjectVersionsOfId(record.value?.readUInt32BE(1) ?? -1);
          return entry?.version;
        }),
      ),
    );
    expect([...writers].sort()).toEqual([1, 2]);
    const oldReader = createAvroSerde({
      client,
      catalog: pinSchemaVersions(loadSchemaCatalog(), { 'order.created': 1 }),
      topicPrefix: pipeline.namespace.prefix,
    });
    const v2Record = records.find((record) => record.key?.toString() === v2OrderIds[0]);
    const asOldReaderSees = (await oldReader.decode(v2Record?.value ?? Buffer.alloc(0))).value;
    expect(asOldReaderSees).toMatchObject({ orderId: v2OrderIds[0], currency: 'EUR' });
    expect(asOldReaderSees).not.toHaveProperty('channel');
    expect(asOldReaderSees).not.toHaveProperty('couponCode');

    // The new analytics, started on a topic holding v1 records and reading it from the earliest offset:
    // the v1 totals as before (every order, every confirmation and its revenue) plus the channel breakdown.
    const analytics = consumerGroup({
      file: loadTopicsFile(),
      name: 'analytics',
      topicPrefix: pipeline.namespace.prefix,
    });
    const logical = (topic: string): string => topic.slice(pipeline.namespace.prefix.length);
    await waitForGroupCaughtUp(pipeline.namespace, 'analytics', analytics?.topics.map(logical) ?? []);
    const totals = await analyticsTotals(pipeline.namespace.prefix);
    const confirmations = await readEvents(pipeline, 'payment.completed');
    expect(totals.ordersCreated).toBe(V1_ORDERS + V2_ORDERS);
    expect(totals.confirmed).toBe(confirmations.length);
    expect(totals['revenue:EUR'] ?? 0).toBe(
      confirmations.reduce((sum, { value }) => sum + value.amountCents, 0),
    );
    expect(channelBreakdown(totals)).toEqual({
      UNKNOWN: V1_ORDERS + 1,
      WEB: 2,
      MOBILE: 2,
      STORE: 2,
      PARTNER: 1,
    });
  });

  /** Every analytics window's figures of the namespace, summed field by field. */
  const analyticsTotals = async (prefix: string): Promise<Record<string, number>> => {
    const keys = await redis.keys(`${prefix}analytics:window:*:figures`);
    const totals: Record<string, number> = {};
    for (const key of keys) {
      for (const [field, value] of Object.entries(await redis.hgetall(key))) {
        totals[field] = (totals[field] ?? 0) + Number(value);
      }
    }
    return totals;
  };

  const channelBreakdown = (totals: Record<string, number>): Record<string, number> =>
    Object.fromEntries(
      Object.entries(totals)
        .filter(([field]) => field.startsWith('channel:'))
        .map(([field, count]) => [field.slice('channel:'.length), count]),
    );
});
