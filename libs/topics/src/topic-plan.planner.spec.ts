import type { ActualTopic, BrokerState, TopicSpec } from './topic-spec.types';
import { hasChanges, planTopics } from './topic-plan.planner';

const spec = (overrides: Partial<TopicSpec> = {}): TopicSpec => ({
  name: 'order.created',
  kind: 'event',
  partitions: 6,
  replicationFactor: 1,
  configs: { 'cleanup.policy': 'delete', 'retention.ms': '604800000' },
  ...overrides,
});

const onBroker = (overrides: Partial<ActualTopic> = {}): ActualTopic => {
  const { name, partitions, replicationFactor, configs } = spec();
  return { name, partitions, replicationFactor, configs, ...overrides };
};

const broker = (...topics: ActualTopic[]): BrokerState => ({
  topics,
  topicNames: topics.map((topic) => topic.name),
});

describe('planTopics', () => {
  it('creates a topic the broker does not have', () => {
    const plan = planTopics({ desired: [spec()], actual: broker() });
    expect(plan).toEqual({ creates: [spec()], updates: [], refusals: [], unchanged: [], unmanaged: [] });
    expect(hasChanges(plan)).toBe(true);
  });

  it('leaves a topic that matches unchanged', () => {
    const plan = planTopics({ desired: [spec()], actual: broker(onBroker()) });
    expect(plan).toEqual({
      creates: [],
      updates: [],
      refusals: [],
      unchanged: ['order.created'],
      unmanaged: [],
    });
    expect(hasChanges(plan)).toBe(false);
  });

  it('increases partitions', () => {
    const plan = planTopics({ desired: [spec({ partitions: 12 })], actual: broker(onBroker()) });
    expect(plan.updates).toEqual([
      { name: 'order.created', partitions: { from: 6, to: 12 }, configChanges: [], configs: spec().configs },
    ]);
    expect(plan.refusals).toEqual([]);
  });

  it('refuses to decrease partitions, saying what to do instead', () => {
    const plan = planTopics({ desired: [spec({ partitions: 3 })], actual: broker(onBroker()) });
    expect(plan.updates).toEqual([]);
    expect(plan.unchanged).toEqual([]);
    expect(plan.refusals.map((refusal) => refusal.name)).toEqual(['order.created']);
    expect(plan.refusals[0]?.reason).toContain('partitions 6 → 3: Kafka cannot remove partitions');
    expect(plan.refusals[0]?.reason).toContain('Set partitions back to 6 in topics.yaml');
  });

  it('refuses to change the replication factor, pointing at a reassignment', () => {
    const plan = planTopics({ desired: [spec({ replicationFactor: 3 })], actual: broker(onBroker()) });
    expect(plan.refusals.map((refusal) => refusal.name)).toEqual(['order.created']);
    expect(plan.refusals[0]?.reason).toContain('replication factor 1 → 3');
    expect(plan.refusals[0]?.reason).toContain('kafka-reassign-partitions.sh');
    expect(plan.unchanged).toEqual([]);
  });

  it('keeps the other changes of a refused topic visible', () => {
    const desired = spec({ partitions: 3, configs: { ...spec().configs, 'retention.ms': '1000' } });
    const plan = planTopics({ desired: [desired], actual: broker(onBroker()), allowDestructive: true });
    expect(plan.refusals).toHaveLength(1);
    expect(plan.updates).toEqual([
      expect.objectContaining({
        partitions: undefined,
        configChanges: [{ key: 'retention.ms', from: '604800000', to: '1000' }],
      }),
    ]);
  });

  it('shows changed, added and removed configs, sorted by key; removed ones reset to the default', () => {
    const desired = spec({
      configs: { 'cleanup.policy': 'delete', 'retention.ms': '86400000', 'segment.ms': '3600000' },
    });
    const actual = onBroker({
      configs: { 'cleanup.policy': 'delete', 'retention.ms': '604800000', 'max.message.bytes': '2000000' },
    });
    const plan = planTopics({ desired: [desired], actual: broker(actual) });
    expect(plan.updates).toEqual([
      {
        name: 'order.created',
        partitions: undefined,
        configChanges: [
          { key: 'max.message.bytes', from: '2000000', to: undefined },
          { key: 'retention.ms', from: '604800000', to: '86400000' },
          { key: 'segment.ms', from: undefined, to: '3600000' },
        ],
        configs: desired.configs,
      },
    ]);
  });

  it('never plans anything for broker topics outside the file', () => {
    const stray = onBroker({ name: 'legacy.orders' });
    const plan = planTopics({
      desired: [spec()],
      actual: { topics: [onBroker()], topicNames: ['order.created', stray.name, '__consumer_offsets'] },
    });
    expect(plan).toEqual({
      creates: [],
      updates: [],
      refusals: [],
      unchanged: ['order.created'],
      unmanaged: [],
    });
  });

  it('lists unmanaged topics only inside a non-empty prefix', () => {
    const desired = [spec({ name: 't1-order.created' })];
    const actual: BrokerState = {
      topics: [onBroker({ name: 't1-order.created' })],
      topicNames: ['t1-order.created', 't1-old.topic', 't2-order.created', 'order.created'],
    };
    expect(planTopics({ desired, actual, topicPrefix: 't1-' }).unmanaged).toEqual(['t1-old.topic']);
  });

  it('handles a mix of topics in one plan', () => {
    const desired = [
      spec(),
      spec({ name: 'payment.dlq', partitions: 1 }),
      spec({ name: 'payment.retry-1s', partitions: 2 }),
    ];
    const plan = planTopics({
      desired,
      actual: broker(onBroker(), onBroker({ name: 'payment.retry-1s', partitions: 4 })),
    });
    expect(plan.creates.map((topic) => topic.name)).toEqual(['payment.dlq']);
    expect(plan.refusals.map((refusal) => refusal.name)).toEqual(['payment.retry-1s']);
    expect(plan.unchanged).toEqual(['order.created']);
  });

  describe('destructive config changes (F11f)', () => {
    const changed = (configs: Record<string, string>, current: Record<string, string> = spec().configs) =>
      planTopics({
        desired: [spec({ configs })],
        actual: broker(onBroker({ configs: current })),
      });

    it('refuses a retention cut, saying what it deletes and how to proceed, and applies it only when allowed', () => {
      const configs = { 'cleanup.policy': 'delete', 'retention.ms': '86400000' };
      const plan = changed(configs);
      expect(plan.refusals).toEqual([
        {
          name: 'order.created',
          destructive: true,
          reason: expect.stringMatching(
            /^retention\.ms 7 d → 1 d deletes every record older than 1 d .*--allow-destructive$/,
          ) as string,
        },
      ]);
      const allowed = planTopics({
        desired: [spec({ configs })],
        actual: broker(onBroker()),
        allowDestructive: true,
      });
      expect(allowed.refusals).toEqual([]);
      expect(allowed.destructiveAllowed?.map((loss) => loss.name)).toEqual(['order.created']);
      expect(allowed.updates[0]?.configChanges).toEqual([
        { key: 'retention.ms', from: '604800000', to: '86400000' },
      ]);
    });

    it('refuses a cleanup.policy flip either way, and a retention removed below what is set', () => {
      expect(
        changed({ 'cleanup.policy': 'compact', 'retention.ms': '604800000' }).refusals[0]?.reason,
      ).toMatch(/^cleanup\.policy delete → compact compacts the topic/);
      expect(
        changed({ 'cleanup.policy': 'delete' }, { 'cleanup.policy': 'compact', 'retention.ms': '-1' })
          .refusals,
      ).toEqual([
        expect.objectContaining({
          reason: expect.stringMatching(/^cleanup\.policy compact → delete/) as string,
        }),
        expect.objectContaining({
          reason: expect.stringMatching(/^retention\.ms forever → 7 d/) as string,
        }),
      ]);
      expect(changed({ ...spec().configs, 'retention.bytes': '1000' }).refusals[0]?.reason).toMatch(
        /^retention\.bytes -1 → 1000/,
      );
      expect(
        changed({ ...spec().configs, 'unclean.leader.election.enable': 'true' }).refusals[0]?.reason,
      ).toMatch(/out-of-sync replica/);
    });

    it('plans what only keeps more or refuses new large records: retention raised, max.message.bytes lowered', () => {
      const plan = changed(
        { 'cleanup.policy': 'delete', 'retention.ms': '-1', 'max.message.bytes': '100000' },
        { ...spec().configs, 'max.message.bytes': '2000000' },
      );
      expect(plan.refusals).toEqual([]);
      expect(plan.updates[0]?.configChanges.map((change) => change.key)).toEqual([
        'max.message.bytes',
        'retention.ms',
      ]);
    });
  });
});
