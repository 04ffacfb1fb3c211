import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';

import { produceRecords, waitFor } from '@orderflow/testing';

import { anOrder, startProbe, type Probe } from './runtime-test-kit';

// The shortest session the broker accepts: a batch in flight longer than it is reported as stalled.
const SESSION_MS = 6_000;
const HOLD_MS = 1_500;
const SLOW_RECORDS = 6;

describe('consumer runtime: a batch in flight longer than the session timeout', () => {
  let probe: Probe;

  beforeAll(async () => {
    probe = await startProbe('runtime-stalled-batch', {
      consumer: { sessionTimeoutMs: SESSION_MS, leaseMs: SESSION_MS / 2, handlerDeadlineMs: 2_500 },
      // One order's records run one after another: six slow calls keep their batch 9 s in flight.
      hold: (event) => (event.orderId === 'order-slow' ? delay(HOLD_MS) : undefined),
    });
  });

  afterAll(async () => {
    await probe.close();
  });

  it('is reported in the consumer status with the step its record is in, and cleared once it finishes', async () => {
    const { namespace, serde, service, calls } = probe;
    const slow = Array.from({ length: SLOW_RECORDS }, () => ({
      ...anOrder('order-slow'),
      eventId: randomUUID(),
    }));
    await produceRecords(
      namespace,
      'order.created',
      await Promise.all(
        slow.map(async (order) => ({
          key: order.orderId,
          value: await serde.encode('order.created', order),
        })),
      ),
    );

    const stalled = await waitFor(() => Promise.resolve(service.consumerStatus().stalledBatches[0]), {
      description: 'the slow batch reported as stalled',
      timeoutMs: SLOW_RECORDS * HOLD_MS + 5_000,
    });
    expect(stalled.topic).toBe(`${namespace.prefix}order.created`);
    expect(stalled.stalledForMs).toBeGreaterThanOrEqual(SESSION_MS);
    expect(stalled.records).toEqual([expect.objectContaining({ step: 'handler' })]);

    await waitFor(
      () =>
        Promise.resolve(
          calls.filter((call) => call.orderId === 'order-slow').length === SLOW_RECORDS || undefined,
        ),
      { description: 'every slow record handled', timeoutMs: SLOW_RECORDS * HOLD_MS + 10_000 },
    );
    await waitFor(() => Promise.resolve(service.consumerStatus().stalledBatches.length === 0 || undefined), {
      description: 'the report cleared',
      timeoutMs: SESSION_MS,
    });
  });
});
