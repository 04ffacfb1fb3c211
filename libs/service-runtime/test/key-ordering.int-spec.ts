import { produceRecords, waitFor } from '@orderflow/testing';

import { anOrder, startProbe, type Probe } from './runtime-test-kit';

/**
 * Several orders of one partition at once, each order's records in log order: a slow record holds up its
 * own order only. The probe's topic has one partition, and the records go out in one produce request, so
 * they arrive in one fetched batch.
 */
describe('consumer runtime: orders of a partition in parallel, each order in order', () => {
  let probe: Probe;
  let release: () => void = () => undefined;

  beforeAll(async () => {
    const released = new Promise<void>((resolve) => (release = resolve));
    probe = await startProbe('runtime-key-order', {
      hold: (event) => (event.eventId === 'evt-a-1' ? released : undefined),
    });
  });

  afterAll(async () => {
    release();
    await probe.close();
  });

  const seen = (eventId: string): boolean => probe.calls.some((call) => call.eventId === eventId);

  it('handles other orders while one order’s first record is held, and that order’s second only after it', async () => {
    const { namespace, serde } = probe;
    const event = (orderId: string, eventId: string) =>
      serde.encode('order.created', { ...anOrder(orderId), eventId });
    await produceRecords(namespace, 'order.created', [
      { key: 'order-a', value: await event('order-a', 'evt-a-1') },
      { key: 'order-a', value: await event('order-a', 'evt-a-2') },
      { key: 'order-b', value: await event('order-b', 'evt-b-1') },
      { key: 'order-c', value: await event('order-c', 'evt-c-1') },
    ]);

    await waitFor(() => Promise.resolve(seen('evt-b-1') && seen('evt-c-1') ? true : undefined), {
      description: 'orders b and c to be handled while order a’s first record is held',
      timeoutMs: 20_000,
    });
    expect(seen('evt-a-1')).toBe(true);
    expect(seen('evt-a-2')).toBe(false);

    release();
    await waitFor(() => Promise.resolve(seen('evt-a-2') ? true : undefined), {
      description: 'order a’s second record once its first is done',
      timeoutMs: 20_000,
    });
    expect(probe.calls.filter((call) => call.orderId === 'order-a').map((call) => call.eventId)).toEqual([
      'evt-a-1',
      'evt-a-2',
    ]);
  });
});
