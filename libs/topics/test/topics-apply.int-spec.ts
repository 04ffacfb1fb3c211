import { isOrderflowError } from '@orderflow/errors';
import type { KafkaAdmin } from '@orderflow/kafka';
import {
  applyTopicPlan,
  hasChanges,
  loadTopicsFile,
  parseTopicsFile,
  planTopics,
  readBrokerTopics,
  resolveTopicSpecs,
  type ApplyProgress,
  type TopicPlan,
  type TopicsFile,
} from '@orderflow/topics';

import { createTestNamespace, waitFor, type TestNamespace } from '@orderflow/testing';

import { describeOnBroker } from './topics-test-kit';

interface SmallFileOptions {
  partitions?: number;
  retentionMs?: number;
  /** null leaves segment.ms out of the file. */
  segmentMs?: number | null;
  cleanupPolicy?: 'delete' | 'compact';
}

// One event topic, one group with one retry tier: 3 topics, enough to exercise every kind of change quickly.
const smallFile = ({
  partitions = 2,
  retentionMs = 3_600_000,
  segmentMs = 600_000,
  cleanupPolicy = 'delete',
}: SmallFileOptions = {}): TopicsFile =>
  parseTopicsFile({
    source: 'small topics file',
    text: `
defaults: { partitions: 1, configs: { cleanup.policy: ${cleanupPolicy} } }
environments: { local: { replicationFactor: 1, configs: { min.insync.replicas: 1 } } }
derived: { retry: { configs: { retention.ms: 600000 } }, dlq: {} }
groups: { payment: { service: consumers/payment, retry: [1s] } }
topics:
  inventory.reserved:
    owner: consumers/inventory
    key: orderId
    partitions: ${partitions}
    consumers: [payment]
    configs: { retention.ms: ${retentionMs}${segmentMs === null ? '' : `, segment.ms: ${segmentMs}`} }
`,
  });

describe('topics plan/apply against a real broker', () => {
  let admin: KafkaAdmin;
  const namespaces: TestNamespace[] = [];

  const newPrefix = (label: string): string => {
    const namespace = createTestNamespace(`topics-${label}`);
    namespaces.push(namespace);
    return namespace.prefix;
  };

  const plan = async (
    file: TopicsFile,
    topicPrefix: string,
    allowDestructive = false,
  ): Promise<TopicPlan> => {
    const desired = resolveTopicSpecs({ file, topicPrefix });
    const actual = await readBrokerTopics({ admin, names: desired.map((spec) => spec.name) });
    return planTopics({ desired, actual, topicPrefix, allowDestructive });
  };

  const planAndApply = async (file: TopicsFile, topicPrefix: string): Promise<TopicPlan> => {
    const planned = await plan(file, topicPrefix);
    await applyTopicPlan({ admin, plan: planned });
    return planned;
  };

  beforeAll(async () => {
    admin = await createTestNamespace('topics-admin').admin();
  });

  afterAll(async () => {
    for (const namespace of namespaces) await namespace.cleanup();
    await admin.disconnect();
  });

  it('creates every topic of topics.yaml with its declared partitions and configs, then has nothing left to do', async () => {
    const file = loadTopicsFile();
    const prefix = newPrefix('full');
    const desired = resolveTopicSpecs({ file, topicPrefix: prefix });

    const first = await plan(file, prefix);
    expect(first.creates.map((spec) => spec.name)).toEqual(desired.map((spec) => spec.name));
    const progress: ApplyProgress[] = [];
    const changed = await applyTopicPlan({ admin, plan: first, onProgress: (step) => progress.push(step) });
    expect(changed).toBe(desired.length);
    expect(progress.map((step) => `${step.index}/${step.total}`)).toEqual(
      desired.map((_, i) => `${i + 1}/${desired.length}`),
    );

    for (const spec of desired) {
      const onBroker = await describeOnBroker(admin, spec.name);
      expect({ name: spec.name, ...onBroker }).toEqual({
        name: spec.name,
        partitions: spec.partitions,
        replicationFactor: spec.replicationFactor,
        topicConfigs: spec.configs,
      });
    }

    const second = await plan(file, prefix);
    expect(hasChanges(second)).toBe(false);
    expect(second.refusals).toEqual([]);
    expect(second.unmanaged).toEqual([]);
    expect(second.unchanged).toHaveLength(desired.length);
    expect(await applyTopicPlan({ admin, plan: second })).toBe(0);
  });

  it('increases partitions when the file raises them', async () => {
    const prefix = newPrefix('grow');
    const topic = `${prefix}inventory.reserved`;
    await planAndApply(smallFile({ partitions: 2 }), prefix);

    const raised = await plan(smallFile({ partitions: 5 }), prefix);
    expect(raised.creates).toEqual([]);
    expect(raised.updates).toEqual([
      expect.objectContaining({ name: topic, partitions: { from: 2, to: 5 }, configChanges: [] }),
    ]);
    await applyTopicPlan({ admin, plan: raised });

    await waitFor(async () => ((await describeOnBroker(admin, topic)).partitions === 5 ? true : undefined), {
      description: '5 partitions on the broker',
      timeoutMs: 15_000,
    });
    expect(hasChanges(await plan(smallFile({ partitions: 5 }), prefix))).toBe(false);
  });

  it('refuses to lower partitions with a clear message and changes nothing, not even the other changes', async () => {
    const prefix = newPrefix('shrink');
    const topic = `${prefix}inventory.reserved`;
    await planAndApply(smallFile({ partitions: 3, retentionMs: 3_600_000 }), prefix);

    const lowered = await plan(smallFile({ partitions: 1, retentionMs: 7_200_000 }), prefix);
    expect(lowered.refusals.map((refusal) => refusal.name)).toEqual([topic]);
    expect(lowered.refusals[0]?.reason).toMatch(
      /^partitions 3 → 1: Kafka cannot remove partitions\. Set partitions back to 3/,
    );

    const attempt = applyTopicPlan({ admin, plan: lowered });
    await expect(attempt).rejects.toThrow('nothing was applied');
    await attempt.catch((error: unknown) =>
      expect(isOrderflowError(error, 'TOPIC_CHANGE_REFUSED')).toBe(true),
    );

    const onBroker = await describeOnBroker(admin, topic);
    expect(onBroker.partitions).toBe(3);
    expect(onBroker.topicConfigs['retention.ms']).toBe('3600000');
  });

  it('alters a changed config and resets one removed from the file, keeping the rest', async () => {
    const prefix = newPrefix('alter');
    const topic = `${prefix}inventory.reserved`;
    await planAndApply(smallFile({ retentionMs: 3_600_000, segmentMs: 600_000 }), prefix);

    const changed = await plan(smallFile({ retentionMs: 86_400_000, segmentMs: null }), prefix);
    expect(changed.updates).toEqual([
      expect.objectContaining({
        name: topic,
        partitions: undefined,
        configChanges: [
          { key: 'retention.ms', from: '3600000', to: '86400000' },
          { key: 'segment.ms', from: '600000', to: undefined },
        ],
      }),
    ]);
    await applyTopicPlan({ admin, plan: changed });

    const configs = await waitFor(
      async () => {
        const { topicConfigs } = await describeOnBroker(admin, topic);
        return topicConfigs['retention.ms'] === '86400000' ? topicConfigs : undefined;
      },
      { description: 'the altered configs on the broker', timeoutMs: 15_000 },
    );
    expect(configs).toEqual({
      'cleanup.policy': 'delete',
      'min.insync.replicas': '1',
      'retention.ms': '86400000',
    });
    expect(hasChanges(await plan(smallFile({ retentionMs: 86_400_000, segmentMs: null }), prefix))).toBe(
      false,
    );
  });

  it('refuses a retention cut and a cleanup.policy flip on live topics, applying nothing, until destructive changes are allowed (F11f)', async () => {
    const prefix = newPrefix('destructive');
    const topic = `${prefix}inventory.reserved`;
    await planAndApply(smallFile({ retentionMs: 86_400_000 }), prefix);

    const cut = await plan(smallFile({ retentionMs: 3_600_000, segmentMs: 60_000 }), prefix);
    const flip = await plan(smallFile({ retentionMs: 86_400_000, cleanupPolicy: 'compact' }), prefix);
    expect(cut.refusals).toEqual([
      {
        name: topic,
        destructive: true,
        reason: expect.stringMatching(
          /^retention\.ms 1 d → 1 h deletes every record older than 1 h/,
        ) as string,
      },
    ]);
    // The flip is refused on every topic of the file, retry tier and DLQ included.
    expect(flip.refusals.map((refusal) => refusal.reason)).toEqual(
      Array(3).fill(expect.stringMatching(/^cleanup\.policy delete → compact compacts the topic/)),
    );
    for (const refused of [cut, flip]) {
      const attempt = applyTopicPlan({ admin, plan: refused });
      await expect(attempt).rejects.toThrow(/nothing was applied.*--allow-destructive/);
    }
    expect((await describeOnBroker(admin, topic)).topicConfigs).toMatchObject({
      'cleanup.policy': 'delete',
      'retention.ms': '86400000',
      'segment.ms': '600000',
    });

    const allowed = await plan(smallFile({ retentionMs: 3_600_000, segmentMs: 60_000 }), prefix, true);
    expect(allowed.refusals).toEqual([]);
    expect(allowed.destructiveAllowed?.map((loss) => loss.name)).toEqual([topic]);
    await applyTopicPlan({ admin, plan: allowed });
    await waitFor(
      async () =>
        (await describeOnBroker(admin, topic)).topicConfigs['retention.ms'] === '3600000' ? true : undefined,
      { description: 'the allowed retention cut on the broker', timeoutMs: 15_000 },
    );
  });
});
