import { FAILURE_HEADER } from '@orderflow/retry';

import { aDlqRecord } from './dlq-fixtures.spec-helper';
import { REDRIVE_COUNT_HEADER } from './redrive-headers';
import { planRedrive } from './redrive.planner';

describe('planRedrive', () => {
  it('targets the original topic in the namespace, drops the failure headers, keeps the own ones, counts 1', () => {
    const [step] = planRedrive({ records: [aDlqRecord(0)], topicPrefix: 'ns.', maxRedrives: 3 });
    expect(step?.kind).toBe('send');
    if (step?.kind !== 'send') return;
    expect(step.topic).toBe('ns.order.created');
    expect(step.redriveCount).toBe(1);
    expect(Object.keys(step.headers).sort()).toEqual(['correlation-id', REDRIVE_COUNT_HEADER]);
    expect(step.headers[REDRIVE_COUNT_HEADER]).toBe('1');
    expect(Object.values(FAILURE_HEADER).some((name) => name in step.headers)).toBe(false);
  });

  it('increments an earlier redrive count and refuses at the limit', () => {
    const again = aDlqRecord(1, { extraHeaders: { [REDRIVE_COUNT_HEADER]: '2' } });
    const limit = aDlqRecord(2, { extraHeaders: { [REDRIVE_COUNT_HEADER]: '3' } });
    const [second, refused] = planRedrive({ records: [again, limit], topicPrefix: '', maxRedrives: 3 });
    expect(second).toMatchObject({ kind: 'send', redriveCount: 3, headers: { [REDRIVE_COUNT_HEADER]: '3' } });
    expect(refused).toMatchObject({ kind: 'refused', reason: expect.stringContaining('limit 3') as string });
  });

  it('refuses a record that does not say where it came from', () => {
    const record = aDlqRecord(3);
    const orphan = { ...record, provenance: { ...record.provenance, originalTopic: undefined } };
    expect(planRedrive({ records: [orphan], topicPrefix: '', maxRedrives: 3 })[0]?.kind).toBe('refused');
  });
});
