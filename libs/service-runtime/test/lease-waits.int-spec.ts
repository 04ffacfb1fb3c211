import Redis from 'ioredis';

import { FAILURE_HEADER } from '@orderflow/retry';
import { produceRecords, readAllRecords, waitFor } from '@orderflow/testing';

import { anOrder, startProbe, type Probe } from './runtime-test-kit';

const HELD_LEASE_MS = 6_000;

describe('consumer runtime: another consumer’s lease is waited for outside the batch', () => {
  let probe: Probe;
  let redis: Redis;

  beforeAll(async () => {
    probe = await startProbe('runtime-lease-wait', { partitions: 3 });
    redis = new Redis(probe.namespace.settings.redisUrl);
  });

  afterAll(async () => {
    redis.disconnect();
    await probe.close();
  });

  it('a record whose lease another consumer holds does not hold up other partitions, and is processed once the lease expires (F10)', async () => {
    const { namespace, serde, calls } = probe;
    const held = anOrder('order-held');
    // "Another consumer" holds the event's lease, as a crashed instance's lease does until it runs out.
    await redis.set(
      `${namespace.prefix}idempotency:probe:${held.eventId}`,
      'lease:another-consumer',
      'PX',
      HELD_LEASE_MS,
    );
    const others = Array.from({ length: 9 }, (_, index) => anOrder(`order-free-${index}`));
    const started = Date.now();
    await produceRecords(namespace, 'order.created', [
      { key: held.orderId, value: await serde.encode('order.created', held) },
      ...(await Promise.all(
        others.map(async (order) => ({
          key: order.orderId,
          value: await serde.encode('order.created', order),
        })),
      )),
    ]);

    await waitFor(
      () =>
        Promise.resolve(
          others.every((order) => calls.some((call) => call.orderId === order.orderId)) || undefined,
        ),
      { description: 'every record of the free keys handled', timeoutMs: HELD_LEASE_MS / 2 },
    );
    const othersMs = Date.now() - started;
    expect(calls.some((call) => call.orderId === held.orderId)).toBe(false);

    await waitFor(() => Promise.resolve(calls.some((call) => call.orderId === held.orderId) || undefined), {
      description: 'the held record handled after the lease expired',
      timeoutMs: HELD_LEASE_MS + 10_000,
    });
    const heldMs = Date.now() - started;
    expect(heldMs).toBeGreaterThanOrEqual(HELD_LEASE_MS - 500);
    expect(calls.filter((call) => call.orderId === held.orderId)).toHaveLength(1);
    expect(await readAllRecords(namespace, 'probe.retry-300ms')).toEqual([]);
    expect(await readAllRecords(namespace, 'probe.dlq')).toEqual([]);
    console.log(
      `F10: 9 free records handled in ${othersMs} ms while a ${HELD_LEASE_MS} ms lease was held; the held record handled once at ${heldMs} ms`,
    );
  });
});

describe('consumer runtime: a handler that outlives its deadline', () => {
  const DEADLINE_MS = 800;
  let probe: Probe;
  const signals: AbortSignal[] = [];

  beforeAll(async () => {
    probe = await startProbe('runtime-deadline', {
      consumer: { handlerDeadlineMs: DEADLINE_MS },
      // The first delivery hangs (a call that never answers); the retry answers.
      hold: (_event, context) => {
        signals.push(context.signal);
        return context.attempt === 1 ? new Promise<void>(() => undefined) : undefined;
      },
    });
  });

  afterAll(() => probe.close());

  it('has its signal aborted at the deadline and its event retried from the next tier, not blocking its key forever (F7)', async () => {
    const { namespace, serde, calls } = probe;
    const hung = anOrder('order-hung');
    const started = Date.now();
    await produceRecords(namespace, 'order.created', [
      { key: hung.orderId, value: await serde.encode('order.created', hung) },
    ]);
    await waitFor(
      () => Promise.resolve(calls.filter((call) => call.orderId === hung.orderId).length === 2 || undefined),
      {
        description: 'the hung event handled again from the retry tier',
        timeoutMs: 15_000,
      },
    );
    const retriedMs = Date.now() - started;
    expect(signals[0]?.aborted).toBe(true);
    expect(signals[0]?.reason).toMatchObject({ code: 'DEADLINE_EXCEEDED', retriable: true });
    expect(signals[1]?.aborted).toBe(false);
    const [tiered] = await readAllRecords(namespace, 'probe.retry-300ms');
    expect(tiered && tiered.headers?.[FAILURE_HEADER.errorCode]?.toString()).toBe('DEADLINE_EXCEEDED');
    expect(await readAllRecords(namespace, 'probe.dlq')).toEqual([]);
    console.log(
      `F7 deadline: a hung handler was given up after ${DEADLINE_MS} ms and handled again from the tier ${retriedMs} ms after it was produced`,
    );
  });
});
