import { FAILURE_HEADER } from '@orderflow/retry';
import { produceRecords, readAllRecords, waitFor, waitForGroupCaughtUp } from '@orderflow/testing';

import { anOrder, startProbe, type Probe } from './runtime-test-kit';

const header = (headers: Record<string, unknown> | undefined, name: string): string | undefined =>
  (headers?.[name] as Buffer | undefined)?.toString();

// The handler fail point throws where a failing handler would: the record takes the retry tiers like any
// retriable failure, and only the chosen order is touched. (The kill points: e2e/test/fail-points.int-spec.ts.)
describe('a handler fail point (ORDERFLOW_FAILPOINTS=probe:handler:throw@2:<orderId>)', () => {
  let probe: Probe;

  beforeAll(async () => {
    probe = await startProbe('failpoints', { failPoints: 'probe:handler:throw@2:order-k' });
  });

  afterAll(() => probe?.close());

  it('fails the chosen order twice, through both retry tiers, then handles it; other orders once', async () => {
    const { namespace, serde, calls } = probe;
    await produceRecords(namespace, 'order.created', [
      { key: 'order-k', value: await serde.encode('order.created', anOrder('order-k')) },
      { key: 'order-other', value: await serde.encode('order.created', anOrder('order-other')) },
    ]);
    await waitFor(
      () => Promise.resolve(calls.some((call) => call.orderId === 'order-k') ? true : undefined),
      { description: 'order-k to reach the handler', timeoutMs: 30_000 },
    );
    await waitForGroupCaughtUp(namespace, 'probe', [
      'order.created',
      'probe.retry-300ms',
      'probe.retry-600ms',
    ]);

    // The fail point runs before the handler: attempts 1 and 2 never reached it.
    expect(calls.map((call) => [call.orderId, call.attempt])).toEqual([
      ['order-other', 1],
      ['order-k', 3],
    ]);
    const tiers = [
      ...(await readAllRecords(namespace, 'probe.retry-300ms')),
      ...(await readAllRecords(namespace, 'probe.retry-600ms')),
    ];
    expect(tiers.map((record) => record.key?.toString())).toEqual(['order-k', 'order-k']);
    expect(tiers.map((record) => header(record.headers, FAILURE_HEADER.errorCode))).toEqual([
      'FAULT_INJECTED',
      'FAULT_INJECTED',
    ]);
    expect(await readAllRecords(namespace, 'probe.dlq')).toEqual([]);
  });
});
