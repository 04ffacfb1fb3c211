import { FAILURE_HEADER } from '@orderflow/retry';
import { produceRecords, readAllRecords, waitFor } from '@orderflow/testing';

import { anOrder, startProbe, type Probe } from './runtime-test-kit';

const header = (headers: Record<string, unknown> | undefined, name: string): string | undefined =>
  (headers?.[name] as Buffer | undefined)?.toString();

/** Headers of a record the probe's first retry tier would hold, with the given origin and due time. */
const retryHeaders = (originalTopic: string, dueAt: number): Record<string, string> => ({
  [FAILURE_HEADER.originalTopic]: originalTopic,
  [FAILURE_HEADER.originalPartition]: '0',
  [FAILURE_HEADER.originalOffset]: '0',
  [FAILURE_HEADER.originalTimestamp]: String(Date.now()),
  [FAILURE_HEADER.group]: 'probe',
  [FAILURE_HEADER.attempts]: '1',
  [FAILURE_HEADER.dueAt]: String(dueAt),
});

describe('consumer runtime: record keys and retry headers are input, not trusted', () => {
  let probe: Probe;

  beforeAll(async () => {
    probe = await startProbe('runtime-untrusted');
  });

  afterAll(() => probe.close());

  it('a record keyed by something other than its orderId, or by nothing, is EVENT_INVALID in the DLQ and never handled (F13d)', async () => {
    const { namespace, serde, calls } = probe;
    await produceRecords(namespace, 'order.created', [
      { key: 'order-other', value: await serde.encode('order.created', anOrder('order-mismatch')) },
      { key: null, value: await serde.encode('order.created', anOrder('order-no-key')) },
      { key: 'order-keyed', value: await serde.encode('order.created', anOrder('order-keyed')) },
    ]);
    const dead = await waitFor(
      async () => {
        const records = await readAllRecords(namespace, 'probe.dlq');
        return records.length >= 2 ? records : undefined;
      },
      { description: 'both mis-keyed records in probe.dlq', timeoutMs: 20_000 },
    );
    await waitFor(() => Promise.resolve(calls.some((call) => call.orderId === 'order-keyed') || undefined), {
      description: 'the well-keyed record handled',
      timeoutMs: 10_000,
    });
    expect(dead.map((record) => header(record.headers, FAILURE_HEADER.errorCode))).toEqual([
      'EVENT_INVALID',
      'EVENT_INVALID',
    ]);
    expect(dead.every((record) => header(record.headers, FAILURE_HEADER.dlqReason) === 'non-retriable')).toBe(
      true,
    );
    expect(calls.map((call) => call.orderId)).toEqual(['order-keyed']);
  });

  it('a retry record naming a topic the group does not read is dead-lettered under a fixed metric label (F13e)', async () => {
    const { namespace, serde, calls, service } = probe;
    const order = anOrder('order-bogus-origin');
    await produceRecords(namespace, 'probe.retry-300ms', [
      {
        key: order.orderId,
        value: await serde.encode('order.created', order),
        headers: retryHeaders('bogus.topic-label-bomb', Date.now()),
      },
    ]);
    await waitFor(
      async () =>
        (await readAllRecords(namespace, 'probe.dlq')).some(
          (record) => record.key?.toString() === order.orderId,
        ) || undefined,
      { description: 'the record of a bogus origin in probe.dlq', timeoutMs: 20_000 },
    );
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).toContain('topic="unknown"');
    expect(metrics).not.toContain('bogus.topic-label-bomb');
    expect(calls.some((call) => call.orderId === order.orderId)).toBe(false);
  });

  it('a due-at far in the future is clamped to the tier’s delay: the record is handled, once, within seconds (F13e)', async () => {
    const { namespace, serde, calls } = probe;
    const order = anOrder('order-far-future');
    const produced = Date.now();
    await produceRecords(namespace, 'probe.retry-300ms', [
      {
        key: order.orderId,
        value: await serde.encode('order.created', order),
        headers: retryHeaders('order.created', produced + 2 ** 40),
      },
    ]);
    await waitFor(() => Promise.resolve(calls.some((call) => call.orderId === order.orderId) || undefined), {
      description: 'the far-future record handled after the tier delay',
      timeoutMs: 10_000,
    });
    const handledMs = Date.now() - produced;
    expect(calls.filter((call) => call.orderId === order.orderId)).toHaveLength(1);
    console.log(
      `F13e: a due-at 2^40 ms ahead was handled ${handledMs} ms after it was produced (tier delay 300 ms)`,
    );
  });
});
