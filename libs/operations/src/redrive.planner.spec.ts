import type { RecordHeaders } from '@orderflow/kafka';
import { FAILURE_HEADER } from '@orderflow/retry';
import type { ConsumerGroupModel } from '@orderflow/topics';

import type { DlqRecord } from './dlq-record';
import { aDlqRecord } from './dlq-fixtures.spec-helper';
import { REDRIVE_COUNT_HEADER, REDRIVEN_FROM_HEADER } from './redrive-headers';
import { planRedrive } from './redrive.planner';

const group: ConsumerGroupModel = {
  name: 'payment',
  service: 'consumers/payment',
  topics: ['inventory.reserved'],
  retryTiers: [
    { topic: 'ns.payment.retry-1s', delayMs: 1_000, delayLabel: '1s' },
    { topic: 'ns.payment.retry-10s', delayMs: 10_000, delayLabel: '10s' },
  ],
  dlqTopic: 'ns.payment.dlq',
  ordering: 'none',
};
const now = 1_795_305_700_000;
const plan = (records: DlqRecord[], redrivenBefore: (record: DlqRecord) => boolean = () => false) =>
  planRedrive({ records, group, maxRedrives: 3, redrivenBefore, now });
const text = (value: RecordHeaders[string]): string | undefined =>
  value === undefined ? undefined : Array.isArray(value) ? value.join(',') : value.toString();

describe('planRedrive', () => {
  it('targets the group’s first retry tier, due now, as a first attempt of its original coordinates (F11b)', () => {
    const [step] = plan([aDlqRecord(0)]);
    expect(step?.kind).toBe('send');
    if (step?.kind !== 'send') return;
    expect(step.topic).toBe('ns.payment.retry-1s');
    expect(step.redriveCount).toBe(1);
    const headers = Object.fromEntries(Object.entries(step.headers).map(([name, v]) => [name, text(v)]));
    expect(headers).toEqual({
      'correlation-id': 'corr-1',
      [FAILURE_HEADER.originalTopic]: 'order.created',
      [FAILURE_HEADER.originalPartition]: '2',
      [FAILURE_HEADER.originalOffset]: '100',
      [FAILURE_HEADER.originalTimestamp]: '1795305600000',
      [FAILURE_HEADER.group]: 'payment',
      [FAILURE_HEADER.attempts]: '0',
      [FAILURE_HEADER.dueAt]: String(now),
      [REDRIVE_COUNT_HEADER]: '1',
      [REDRIVEN_FROM_HEADER]: 'payment.dlq/0/0',
    });
  });

  it('skips what an earlier run redrove, so running twice sends once (F11c)', () => {
    const records = [aDlqRecord(1), aDlqRecord(2)];
    expect(plan(records, (record) => record.offset === '1').map((step) => step.kind)).toEqual([
      'redriven-before',
      'send',
    ]);
  });

  it('increments an earlier redrive count and refuses at the limit', () => {
    const again = aDlqRecord(1, { extraHeaders: { [REDRIVE_COUNT_HEADER]: '2' } });
    const limit = aDlqRecord(2, { extraHeaders: { [REDRIVE_COUNT_HEADER]: '3' } });
    const [second, refused] = plan([again, limit]);
    expect(second).toMatchObject({ kind: 'send', redriveCount: 3, headers: { [REDRIVE_COUNT_HEADER]: '3' } });
    expect(refused).toMatchObject({ kind: 'refused', reason: expect.stringContaining('limit 3') as string });
  });

  it('refuses a record that does not say where it came from, and a group without retry tiers', () => {
    const record = aDlqRecord(3);
    const orphan = { ...record, provenance: { ...record.provenance, originalTopic: undefined } };
    expect(plan([orphan])[0]?.kind).toBe('refused');
    expect(plan([{ ...record, value: null }])[0]).toMatchObject({
      kind: 'refused',
      reason: expect.stringContaining('no value') as string,
    });
    const [untiered] = planRedrive({
      records: [record],
      group: { ...group, retryTiers: [] },
      maxRedrives: 3,
      redrivenBefore: () => false,
      now,
    });
    expect(untiered).toMatchObject({
      kind: 'refused',
      reason: expect.stringContaining('no retry tier') as string,
    });
  });
});
