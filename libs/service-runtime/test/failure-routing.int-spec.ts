import { FAILURE_HEADER } from '@orderflow/retry';
import { produceRecords, readAllRecords, waitFor, waitForGroupCaughtUp } from '@orderflow/testing';

import { anOrder, startProbe, type Probe } from './runtime-test-kit';

const header = (headers: Record<string, unknown> | undefined, name: string): string | undefined =>
  (headers?.[name] as Buffer | undefined)?.toString();

describe('consumer runtime: retries, dead letters and idempotency on the real stack', () => {
  let probe: Probe;

  beforeAll(async () => {
    probe = await startProbe('runtime');
  });

  afterAll(() => probe.close());

  it('sends an always-failing record through every retry tier to the DLQ while later records on its partition flow', async () => {
    const { namespace, serde, calls } = probe;
    const failing = anOrder('order-fails', 'always-fails');
    const value = await serde.encode('order.created', failing);
    await produceRecords(namespace, 'order.created', [
      { key: failing.orderId, value, headers: { 'correlation-id': 'corr-fail' } },
      { key: 'order-ok-1', value: await serde.encode('order.created', anOrder('order-ok-1')) },
      { key: 'order-ok-2', value: await serde.encode('order.created', anOrder('order-ok-2')) },
    ]);

    const [dead] = await waitFor(
      async () => {
        const records = await readAllRecords(namespace, 'probe.dlq');
        return records.length > 0 ? records : undefined;
      },
      { description: 'the failing record in probe.dlq', timeoutMs: 30_000 },
    );

    // One partition: the good records behind the failing one were handled before its retries ran out.
    expect(calls.filter((call) => call.orderId !== failing.orderId).map((call) => call.orderId)).toEqual([
      'order-ok-1',
      'order-ok-2',
    ]);
    expect(calls.filter((call) => call.orderId === failing.orderId).map((call) => call.attempt)).toEqual([
      1, 2, 3,
    ]);
    expect(
      calls
        .filter((call) => call.orderId === failing.orderId)
        .every((call) => call.correlationId === 'corr-fail'),
    ).toBe(true);

    expect(dead?.key?.toString()).toBe(failing.orderId);
    expect(dead?.value).toEqual(value);
    expect(header(dead?.headers, 'correlation-id')).toBe('corr-fail');
    expect(header(dead?.headers, FAILURE_HEADER.originalTopic)).toBe('order.created');
    expect(header(dead?.headers, FAILURE_HEADER.originalPartition)).toBe('0');
    expect(header(dead?.headers, FAILURE_HEADER.originalOffset)).toBe('0');
    expect(Number(header(dead?.headers, FAILURE_HEADER.originalTimestamp))).toBeGreaterThan(0);
    expect(header(dead?.headers, FAILURE_HEADER.group)).toBe('probe');
    expect(header(dead?.headers, FAILURE_HEADER.attempts)).toBe('3');
    expect(header(dead?.headers, FAILURE_HEADER.errorClass)).toBe('Error');
    expect(header(dead?.headers, FAILURE_HEADER.errorMessage)).toBe('payment backend said no to order-fails');
    expect(header(dead?.headers, FAILURE_HEADER.dlqReason)).toBe('retries-exhausted');
    expect((await readAllRecords(namespace, 'probe.retry-300ms')).length).toBe(1);
    expect((await readAllRecords(namespace, 'probe.retry-600ms')).length).toBe(1);
  });
});

describe('consumer runtime: poison records and duplicates', () => {
  let probe: Probe;

  beforeAll(async () => {
    probe = await startProbe('runtime-poison');
  });

  afterAll(() => probe.close());

  it('dead-letters malformed bytes, plain JSON and an empty value at once, without retries, and keeps consuming', async () => {
    const { namespace, serde, calls } = probe;
    await produceRecords(namespace, 'order.created', [
      { key: 'poison-bytes', value: Buffer.from([0x00, 0xde, 0xad, 0xbe, 0xef, 0x01]) },
      { key: 'poison-json', value: Buffer.from(JSON.stringify({ orderId: 'poison-json', totalCents: 5 })) },
      { key: 'poison-empty', value: null },
      { key: 'after-poison', value: await serde.encode('order.created', anOrder('after-poison')) },
    ]);

    await waitFor(
      () => Promise.resolve(calls.some((call) => call.orderId === 'after-poison') ? true : undefined),
      {
        description: 'the valid record after the poison ones',
        timeoutMs: 20_000,
      },
    );
    const deadAsWritten = await waitFor(
      async () => {
        const records = await readAllRecords(namespace, 'probe.dlq');
        return records.length === 3 ? records : undefined;
      },
      { description: 'three poison records in probe.dlq', timeoutMs: 20_000 },
    );
    // Different keys are worked on at once, so their DLQ records may land in any order.
    const dead = [...deadAsWritten].sort(
      (a, b) =>
        Number(header(a.headers, FAILURE_HEADER.originalOffset)) -
        Number(header(b.headers, FAILURE_HEADER.originalOffset)),
    );

    expect(dead.map((record) => record.key?.toString())).toEqual([
      'poison-bytes',
      'poison-json',
      'poison-empty',
    ]);
    expect(dead.map((record) => header(record.headers, FAILURE_HEADER.errorCode))).toEqual([
      'SCHEMA_ID_UNKNOWN',
      'MESSAGE_UNDECODABLE',
      'MESSAGE_UNDECODABLE',
    ]);
    expect(dead.every((record) => header(record.headers, FAILURE_HEADER.dlqReason) === 'non-retriable')).toBe(
      true,
    );
    expect(dead.every((record) => header(record.headers, FAILURE_HEADER.attempts) === '1')).toBe(true);
    expect(dead.map((record) => header(record.headers, FAILURE_HEADER.originalOffset))).toEqual([
      '0',
      '1',
      '2',
    ]);
    expect(dead[1]?.value?.toString()).toBe(JSON.stringify({ orderId: 'poison-json', totalCents: 5 }));
    expect(await readAllRecords(namespace, 'probe.retry-300ms')).toEqual([]);
    expect(calls.map((call) => call.orderId)).toEqual(['after-poison']);
  });

  it('runs the handler once for an event delivered three times', async () => {
    const { namespace, serde, calls } = probe;
    const duplicate = await serde.encode('order.created', anOrder('order-dup'));
    await produceRecords(namespace, 'order.created', [
      { key: 'order-dup', value: duplicate },
      { key: 'order-dup', value: duplicate },
      { key: 'order-dup', value: duplicate },
    ]);
    // Committed to the end: all three deliveries have been dealt with, the two duplicates included.
    await waitForGroupCaughtUp(namespace, 'probe', ['order.created'], { timeoutMs: 20_000 });
    expect(calls.filter((call) => call.orderId === 'order-dup')).toHaveLength(1);
  });
});
