import { formatApplyProgress, formatTopicPlan } from './topic-plan.printer';
import type { TopicPlan } from './topic-plan.types';

const emptyPlan: TopicPlan = { creates: [], updates: [], refusals: [], unchanged: [], unmanaged: [] };

describe('formatTopicPlan', () => {
  it('prints creates, alters, refusals and unmanaged topics, then the summary', () => {
    const plan: TopicPlan = {
      creates: [
        {
          name: 'order.created',
          kind: 'event',
          partitions: 6,
          replicationFactor: 1,
          configs: { 'retention.ms': '1', 'cleanup.policy': 'delete' },
        },
        { name: 'payment.dlq', kind: 'dlq', partitions: 1, replicationFactor: 3, configs: {} },
      ],
      updates: [
        {
          name: 'payment.dlq',
          partitions: { from: 1, to: 2 },
          configChanges: [
            { key: 'retention.ms', from: '604800000', to: '86400000' },
            { key: 'segment.ms', from: '1000', to: undefined },
            { key: 'segment.bytes', from: undefined, to: '1048576' },
          ],
          configs: {},
        },
      ],
      refusals: [{ name: 'payment.failed', reason: 'partitions 6 → 3: no.' }],
      unchanged: ['a', 'b'],
      unmanaged: ['t-old'],
    };
    expect(formatTopicPlan(plan)).toEqual([
      '+ create order.created (6 partitions, rf 1)',
      '    cleanup.policy=delete, retention.ms=1',
      '+ create payment.dlq (1 partition, rf 3)',
      '~ alter payment.dlq: partitions 1 → 2 (existing keys may move to new partitions)',
      '~ alter payment.dlq: retention.ms 604800000 → 86400000',
      '~ alter payment.dlq: segment.ms 1000 → (default)',
      '~ alter payment.dlq: segment.bytes (default) → 1048576',
      '! refused payment.failed: partitions 6 → 3: no.',
      '? unmanaged t-old: not in topics.yaml, left untouched',
      'Plan: 2 to create, 1 to alter, 1 refused, 2 unchanged, 1 unmanaged.',
    ]);
  });

  it('prints only the summary for an empty plan', () => {
    expect(formatTopicPlan({ ...emptyPlan, unchanged: ['a'] })).toEqual([
      'Plan: 0 to create, 0 to alter, 0 refused, 1 unchanged.',
    ]);
  });
});

describe('formatApplyProgress', () => {
  it('shows the position among the changed topics', () => {
    expect(formatApplyProgress({ index: 3, total: 28, name: 'payment.dlq', action: 'create' })).toBe(
      '[3/28] create payment.dlq',
    );
  });
});
