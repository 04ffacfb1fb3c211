import Redis from 'ioredis';

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
