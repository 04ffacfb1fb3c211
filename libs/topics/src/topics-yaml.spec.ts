import { consumerGroups } from './consumer-groups.model';
import { loadTopicsFile } from './topics-file.loader';
import { resolveTopicSpecs } from './topic-specs.resolver';

// Pins the checkout's topics.yaml to the flow in docs/architecture.md; loading it also runs every check.
describe('topics.yaml', () => {
  const file = loadTopicsFile();

  it('declares the event topics of the flow', () => {
    expect(Object.keys(file.topics).sort()).toEqual([
      'analytics.order-metrics',
      'inventory.rejected',
      'inventory.released',
      'inventory.reserved',
      'notification.sent',
      'order.created',
      'order.delivery-started',
      'payment.completed',
      'payment.failed',
    ]);
  });

  it('keeps the metrics topic compacted', () => {
    expect(file.topics['analytics.order-metrics']?.configs['cleanup.policy']).toBe('compact');
  });

  it('resolves production with 3 replicas and min.insync.replicas 2 everywhere', () => {
    for (const spec of resolveTopicSpecs({ file, environment: 'production' })) {
      expect({
        name: spec.name,
        rf: spec.replicationFactor,
        minIsr: spec.configs['min.insync.replicas'],
      }).toEqual({
        name: spec.name,
        rf: 3,
        minIsr: '2',
      });
    }
  });

  it('bounds event records at 256 KiB and lets retry tiers and DLQs take one with its failure headers (F6, F12)', () => {
    const specs = resolveTopicSpecs({ file });
    const limit = (kind: string) =>
      specs.filter((spec) => spec.kind === kind).map((spec) => Number(spec.configs['max.message.bytes']));
    expect(new Set(limit('event'))).toEqual(new Set([256 * 1024]));
    // Failure headers add about 1.5 KB (the error message is capped at 1 000 characters).
    for (const copies of [...limit('retry'), ...limit('dlq')])
      expect(copies).toBeGreaterThan(256 * 1024 + 4 * 1024);
  });

  it('gives every group growing retry tiers and a DLQ of its own', () => {
    const dlqs = consumerGroups({ file }).map((group) => group.dlqTopic);
    expect(new Set(dlqs).size).toBe(dlqs.length);
    for (const group of consumerGroups({ file })) expect(group.retryTiers.length).toBeGreaterThan(0);
  });

  it('keeps retry tiers at least as long as the DLQ, so a record waiting in a tier cannot expire unnoticed (F11e)', () => {
    for (const environment of Object.keys(file.environments)) {
      const specs = new Map(resolveTopicSpecs({ file, environment }).map((spec) => [spec.name, spec]));
      const retentionOf = (topic: string) => Number(specs.get(topic)?.configs['retention.ms']);
      for (const group of consumerGroups({ file })) {
        const dlq = retentionOf(group.dlqTopic);
        expect(dlq).toBeGreaterThan(0);
        for (const tier of group.retryTiers)
          expect({ tier: tier.topic, keeps: retentionOf(tier.topic) >= dlq }).toEqual({
            tier: tier.topic,
            keeps: true,
          });
      }
    }
  });
});
