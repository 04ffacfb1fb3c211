import type { Redis } from 'ioredis';

import type { OrderCreated } from '@orderflow/contracts';
import { FAILURE_HEADER } from '@orderflow/retry';
import { REDIS_CLIENT } from '@orderflow/service-runtime';
import { produceRecords, readAllRecords, waitFor, type TestNamespace } from '@orderflow/testing';
import { parseTopicsFile } from '@orderflow/topics';

import { anOrder, startProbe, type Probe } from './runtime-test-kit';

/**
 * Per-key order through the retry tiers (topics.yaml `ordering: per-key`, F14): while a record of an order
 * waits in a tier, the order's later records wait behind it, and other orders flow. Tiers of 1 s and 2 s:
 * long enough to tell a held record from one that overtook, short enough for a test.
 */
const perKeyTopics = (ordering: 'per-key' | 'none') =>
  parseTopicsFile({
    source: 'per-key order probe topics',
    text: `
defaults: { partitions: 1, configs: { cleanup.policy: delete } }
environments: { local: { replicationFactor: 1, configs: { min.insync.replicas: 1 } } }
derived: { retry: { configs: { retention.ms: 600000 } }, dlq: {} }
groups: { probe: { service: consumers/probe, retry: [1s, 2s], ordering: ${ordering} } }
topics:
  order.created: { owner: producers/order-api, key: orderId, consumers: [probe] }
`,
  });

/** A handling of one record as the probe handler saw it, with when. */
interface Handling {
  eventId: string;
  attempt: number;
  at: number;
}

const header = (headers: Record<string, unknown> | undefined, name: string): string | undefined =>
  (headers?.[name] as Buffer | undefined)?.toString();

/** seq 1..n of one order, each its own event; `eventId` is `<orderId>-<seq>`. */
const sequence = async (probe: Probe, orderId: string, seqs: number[]) =>
  Promise.all(
    seqs.map(async (seq) => ({
      key: orderId,
      value: await probe.serde.encode('order.created', { ...anOrder(orderId), eventId: `${orderId}-${seq}` }),
    })),
  );

/** The mark keys Redis holds for the probe group in this namespace. */
const marks = (redis: Redis, namespace: TestNamespace): Promise<string[]> =>
  redis.keys(`${namespace.prefix}retrying*:probe:*`);

const startOrderProbe = async (
  label: string,
  ordering: 'per-key' | 'none',
  failing: (event: OrderCreated, attempt: number) => boolean,
) => {
  const handled: Handling[] = [];
  const probe = await startProbe(label, {
    topics: perKeyTopics(ordering),
    hold: (event, context) => {
      handled.push({ eventId: event.eventId, attempt: context.attempt, at: Date.now() });
      return undefined;
    },
    fails: (event) => failing(event, handled.filter((entry) => entry.eventId === event.eventId).length),
  });
  return { probe, handled, redis: probe.service.app.get<Redis>(REDIS_CLIENT) };
};

/** Waits until `last` of `orderId` was handled, then answers the order's handlings in the order they came. */
const handlingsOf = async (handled: Handling[], orderId: string, last: string): Promise<Handling[]> => {
  await waitFor(() => Promise.resolve(handled.some((entry) => entry.eventId === last) ? true : undefined), {
    description: `${last} handled`,
    timeoutMs: 20_000,
  });
  return handled.filter((entry) => entry.eventId.startsWith(`${orderId}-`));
};

const marksCleared = (redis: Redis, namespace: TestNamespace) =>
  waitFor(async () => ((await marks(redis, namespace)).length === 0 ? true : undefined), {
    description: 'the hold-back marks to clear',
    timeoutMs: 5_000,
  });

describe('consumer runtime: per-key order through the retry tiers (ordering: per-key)', () => {
  let context: Awaited<ReturnType<typeof startOrderProbe>>;

  beforeAll(async () => {
    // seq 1 of order-k fails on its first delivery only; seq 1 of order-d fails on every delivery.
    context = await startOrderProbe(
      'runtime-per-key',
      'per-key',
      (event, deliveries) =>
        event.eventId === 'order-d-1' || (event.eventId === 'order-k-1' && deliveries === 1),
    );
  });

  afterAll(() => context.probe.close());

  it('handles a key’s records 1, 2, 3 when 1 fails once, lets other keys pass meanwhile, and clears the mark (F14)', async () => {
    const { probe, handled, redis } = context;
    await produceRecords(probe.namespace, 'order.created', [
      ...(await sequence(probe, 'order-k', [1, 2, 3])),
      ...(await sequence(probe, 'order-other', [1])),
      ...(await sequence(probe, 'order-another', [1])),
    ]);

    const ofK = await handlingsOf(handled, 'order-k', 'order-k-3');
    expect(ofK.map((entry) => [entry.eventId, entry.attempt])).toEqual([
      ['order-k-1', 1],
      ['order-k-1', 2],
      ['order-k-2', 1],
      ['order-k-3', 1],
    ]);
    // The other orders did not wait for order-k's retry: both were handled before it came back.
    const retriedAt = ofK[1]!.at;
    const others = handled.filter(
      (entry) => entry.eventId.startsWith('order-other') || entry.eventId.startsWith('order-another'),
    );
    expect(others).toHaveLength(2);
    expect(others.every((entry) => entry.at < retriedAt)).toBe(true);

    // The held copies went to the tier as held back, not failed: attempts unchanged, their own reason.
    const tier = await readAllRecords(probe.namespace, 'probe.retry-1s');
    const held = tier.filter((record) => header(record.headers, FAILURE_HEADER.heldBehind) !== undefined);
    expect(held.map((record) => record.key?.toString())).toEqual(['order-k', 'order-k']);
    expect(held.map((record) => header(record.headers, FAILURE_HEADER.attempts))).toEqual(['0', '0']);
    expect(held.map((record) => header(record.headers, FAILURE_HEADER.errorCode))).toEqual([
      'HELD_BACK',
      'HELD_BACK',
    ]);
    expect(held.map((record) => header(record.headers, FAILURE_HEADER.heldBehind))).toEqual([
      'order.created:0:0',
      'order.created:0:0',
    ]);

    await marksCleared(redis, probe.namespace);
  });

  it('honours tier delays within 1 s, dead-letters a record past the last tier, then lets its held successors proceed in order (F14)', async () => {
    const { probe, handled, redis } = context;
    await produceRecords(probe.namespace, 'order.created', await sequence(probe, 'order-d', [1, 2, 3]));

    // While order-d-1 waits in a tier, its key is held, and /metrics says so.
    await waitFor(
      async () => {
        const text = await (await fetch(`${probe.service.url}/metrics`)).text();
        return /orderflow_held_back_keys\{group="probe"\} 1\b/.test(text) &&
          /orderflow_held_back_records\{group="probe"\} 3\b/.test(text)
          ? true
          : undefined;
      },
      { description: 'order-d held back on /metrics (1 key, 3 records)', timeoutMs: 5_000 },
    );
    const ofD = await handlingsOf(handled, 'order-d', 'order-d-3');
    expect(ofD.map((entry) => [entry.eventId, entry.attempt])).toEqual([
      ['order-d-1', 1],
      ['order-d-1', 2],
      ['order-d-1', 3],
      ['order-d-2', 1],
      ['order-d-3', 1],
    ]);
    // Each delivery of order-d-1 came its tier's delay after the one before (1 s, then 2 s), within 1 s.
    const [first, second, third] = ofD.map((entry) => entry.at);
    expect(second! - first!).toBeGreaterThanOrEqual(1_000 - 50);
    expect(second! - first!).toBeLessThanOrEqual(1_000 + 1_000);
    expect(third! - second!).toBeGreaterThanOrEqual(2_000 - 50);
    expect(third! - second!).toBeLessThanOrEqual(2_000 + 1_000);

    const dead = await readAllRecords(probe.namespace, 'probe.dlq');
    expect(dead.map((record) => record.key?.toString())).toEqual(['order-d']);
    expect(header(dead[0]?.headers, FAILURE_HEADER.originalOffset)).toBe('5');
    expect(header(dead[0]?.headers, FAILURE_HEADER.attempts)).toBe('3');
    expect(header(dead[0]?.headers, FAILURE_HEADER.dlqReason)).toBe('retries-exhausted');
    expect(header(dead[0]?.headers, FAILURE_HEADER.errorMessage)).toBe('payment backend said no to order-d');

    // The held records followed order-d-1 from the first tier into the second before the DLQ let them go.
    const secondTier = await readAllRecords(probe.namespace, 'probe.retry-2s');
    expect(
      secondTier
        .filter((record) => header(record.headers, FAILURE_HEADER.heldBehind) !== undefined)
        .map((record) => header(record.headers, FAILURE_HEADER.originalOffset)),
    ).toEqual(['6', '7']);
    expect(ofD[3]!.at).toBeGreaterThanOrEqual(third!);

    await marksCleared(redis, probe.namespace);
  });
});

describe('consumer runtime: a group without per-key order (ordering: none) behaves as before', () => {
  let context: Awaited<ReturnType<typeof startOrderProbe>>;

  beforeAll(async () => {
    context = await startOrderProbe(
      'runtime-unordered',
      'none',
      (event, deliveries) => event.eventId === 'order-k-1' && deliveries === 1,
    );
  });

  afterAll(() => context.probe.close());

  it('lets a key’s later records overtake one waiting in a tier, and writes no mark', async () => {
    const { probe, handled, redis } = context;
    await produceRecords(probe.namespace, 'order.created', await sequence(probe, 'order-k', [1, 2, 3]));
    await waitFor(
      () =>
        Promise.resolve(
          handled.filter((entry) => entry.eventId === 'order-k-1').length === 2 ? true : undefined,
        ),
      { description: 'order-k-1’s retry', timeoutMs: 20_000 },
    );
    expect(handled.map((entry) => [entry.eventId, entry.attempt])).toEqual([
      ['order-k-1', 1],
      ['order-k-2', 1],
      ['order-k-3', 1],
      ['order-k-1', 2],
    ]);
    expect(await marks(redis, probe.namespace)).toEqual([]);
    const tier = await readAllRecords(probe.namespace, 'probe.retry-1s');
    expect(tier.map((record) => header(record.headers, FAILURE_HEADER.heldBehind))).toEqual([undefined]);
  });
});
