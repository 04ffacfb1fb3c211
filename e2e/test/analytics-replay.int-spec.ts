import Redis from 'ioredis';

import { isOrderflowError } from '@orderflow/errors';
import { applyOffsetReset, liveMembers, planOffsetReset, type OffsetResetPlan } from '@orderflow/operations';
import type { EventByTopic } from '@orderflow/contracts';
import { produceRecords, waitFor } from '@orderflow/testing';
import { consumerGroup, loadTopicsFile, type ConsumerGroupModel } from '@orderflow/topics';

import {
  postOrder,
  readEvents,
  startPipeline,
  waitForFinalStatuses,
  type OrderRequest,
  type Pipeline,
} from '../src';

const ORDERS = 12;

const order = (n: number): OrderRequest => ({
  customerId: `replay-customer-${n % 3}`,
  currency: n % 4 === 0 ? 'USD' : 'EUR',
  items: [
    { sku: n % 2 === 0 ? 'SKU-STICKER-005' : 'SKU-BOOK-001', quantity: 1 + (n % 3), unitPriceCents: 250 },
  ],
});

// The runbook of docs/operations.md on the real services: stop analytics, drop its state, reset its group
// to the earliest offsets, start it again; its figures must come back exactly, each event counted once,
// even where the log holds re-emitted copies of a follow-up dated in another minute (as a crash between
// publish and done used to leave behind, when follow-ups were dated at each publication).
describe('replaying the analytics group rebuilds its figures exactly', () => {
  let pipeline: Pipeline;
  let redis: Redis;
  let group: ConsumerGroupModel;

  beforeAll(async () => {
    // Some payments fail, so compensation (inventory.released) and payment.failed are in the figures too.
    pipeline = await startPipeline('analytics-replay', { overrides: { PAYMENT_FAILURE_RATE: '0.3' } });
    redis = new Redis(pipeline.namespace.settings.redisUrl);
    const declared = consumerGroup({
      file: loadTopicsFile(),
      name: 'analytics',
      topicPrefix: pipeline.namespace.prefix,
    });
    if (declared === undefined) throw new Error('topics.yaml declares no analytics group');
    group = declared;
  });

  afterAll(async () => {
    redis.disconnect();
    await pipeline.close();
  });

  const groupId = () => `${pipeline.namespace.prefix}analytics`;

  /** Every window's figures, by key (`<prefix>analytics:window:<start>:figures`). */
  const readFigures = async (): Promise<Record<string, Record<string, string>>> => {
    const keys = (await redis.keys(`${pipeline.namespace.prefix}analytics:window:*:figures`)).sort();
    const entries = await Promise.all(
      keys.map(async (key): Promise<[string, Record<string, string>]> => [key, await redis.hgetall(key)]),
    );
    return Object.fromEntries(entries);
  };

  /** Resolves once the group has committed up to the end of every topic it reads: nothing is pending. */
  const waitForCaughtUp = async (description: string): Promise<void> => {
    const admin = await pipeline.namespace.admin();
    await waitFor(
      async () => {
        for (const topic of group.topics) {
          const [committed] = await admin.fetchOffsets({ groupId: groupId(), topics: [topic] });
          const byPartition = new Map(committed?.partitions.map((p) => [p.partition, p.offset]));
          for (const { partition, high } of await admin.fetchTopicOffsets(topic)) {
            // A partition never written to has nothing to commit ('-1' then).
            if (high !== '0' && byPartition.get(partition) !== high) return undefined;
          }
        }
        return true;
      },
      { description, timeoutMs: 60_000, intervalMs: 200 },
    );
  };

  const planEarliest = async (): Promise<OffsetResetPlan[]> => {
    const admin = await pipeline.namespace.admin();
    return Promise.all(
      group.topics.map((topic) =>
        planOffsetReset({ admin, groupId: groupId(), topic, mode: { kind: 'earliest' } }),
      ),
    );
  };

  /** Follow-ups of the orders published again, same eventId and key, dated `laterMs` later: another minute. */
  const reEmitCopies = async (laterMs: number): Promise<number> => {
    const topics = [
      'inventory.reserved',
      'payment.completed',
      'payment.failed',
      'notification.sent',
    ] as const;
    let copies = 0;
    for (const topic of topics) {
      const events = (await readEvents(pipeline, topic)) as {
        key: string;
        value: EventByTopic[typeof topic];
      }[];
      const records = await Promise.all(
        events.map(async ({ key, value }) => ({
          key,
          value: await pipeline.serde.encode(topic, { ...value, occurredAt: value.occurredAt + laterMs }),
        })),
      );
      if (records.length > 0) await produceRecords(pipeline.namespace, topic, records);
      copies += records.length;
    }
    return copies;
  };

  it('follow-ups carry the time stored with their effect, the same however often they are published (F8)', async () => {
    const placed = await Promise.all(
      Array.from({ length: 3 }, (_, n) => postOrder(pipeline.orderApiUrl, order(100 + n))),
    );
    const orderIds = placed.map((answer) => String(answer.body.orderId));
    await waitForFinalStatuses(pipeline.orderApiUrl, orderIds);
    const reserved = (await readEvents(pipeline, 'inventory.reserved')).filter(({ key }) =>
      orderIds.includes(key),
    );
    expect(reserved.length).toBeGreaterThan(0);
    for (const { key, value } of reserved) {
      const record = JSON.parse(
        (await redis.get(`${pipeline.namespace.prefix}inventory:reservation:${key}`)) ?? '{}',
      ) as { at?: number };
      expect(value.occurredAt).toBe(record.at);
    }
  });

  it('counts the same figures after a replay from the earliest offsets as before, re-emitted copies included (F8)', async () => {
    const placed = await Promise.all(
      Array.from({ length: ORDERS }, (_, n) => postOrder(pipeline.orderApiUrl, order(n))),
    );
    expect(placed.map((answer) => answer.status)).toEqual(Array(ORDERS).fill(202));
    await waitForFinalStatuses(
      pipeline.orderApiUrl,
      placed.map((answer) => String(answer.body.orderId)),
    );
    // Final statuses come before notification.sent: analytics is done only once it committed everything.
    await waitForCaughtUp('analytics to consume every event of the orders');
    const original = await readFigures();
    expect(Object.keys(original).length).toBeGreaterThan(0);
    const created = Object.values(original).reduce(
      (sum, figures) => sum + Number(figures.ordersCreated ?? 0),
      0,
    );
    expect(created).toBe(ORDERS + 3);

    // Copies dated in another minute, consumed live: the runtime's done markers skip them.
    const copies = await reEmitCopies(90_000);
    expect(copies).toBeGreaterThan(ORDERS);
    await waitForCaughtUp('analytics to consume the re-emitted copies');
    expect(await readFigures()).toEqual(original);

    // While analytics runs, the reset is refused and changes nothing.
    const admin = await pipeline.namespace.admin();
    const [first] = await planEarliest();
    const refused = await applyOffsetReset({ admin, plan: first!, service: group.service }).catch(
      (e: unknown) => e,
    );
    expect(isOrderflowError(refused, 'CONSUMER_GROUP_ACTIVE')).toBe(true);

    await pipeline.stop('analytics');
    await waitFor(
      async () => ((await liveMembers({ admin, groupId: groupId() })).length === 0 ? true : undefined),
      {
        description: 'the analytics group to have no live member',
        timeoutMs: 30_000,
      },
    );
    const stateKeys = [
      ...(await redis.keys(`${pipeline.namespace.prefix}idempotency:analytics:*`)),
      ...(await redis.keys(`${pipeline.namespace.prefix}analytics:*`)),
    ];
    expect(stateKeys.length).toBeGreaterThan(0);
    await redis.del(...stateKeys);
    expect(await readFigures()).toEqual({});

    // Plan (dry run), then execute: now that the group is stopped, the guard lets it through.
    const plans = await planEarliest();
    for (const plan of plans) {
      for (const partition of plan.partitions) expect(partition.target).toBe(partition.low);
      await applyOffsetReset({ admin, plan, service: group.service });
    }
    const readsAgain = plans.flatMap((plan) => plan.partitions).reduce((sum, p) => sum + p.lagAfter, 0n);
    expect(readsAgain).toBeGreaterThan(BigInt(ORDERS));

    await pipeline.start('analytics');
    await waitForCaughtUp('the restarted analytics to consume every event again');
    expect(await readFigures()).toEqual(original);

    // Copies arriving once analytics' runtime markers are gone (they expire after 8 days; a redrive from
    // the 30-day DLQ comes later): only analytics' own record of each eventId keeps them from counting again.
    await redis.del(...(await redis.keys(`${pipeline.namespace.prefix}idempotency:analytics:*`)));
    expect(await reEmitCopies(150_000)).toBeGreaterThan(copies);
    await waitForCaughtUp('analytics to consume copies delivered without its runtime markers');
    expect(await readFigures()).toEqual(original);
  });
});
