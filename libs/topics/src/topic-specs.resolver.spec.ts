import { isOrderflowError } from '@orderflow/errors';

import { parseTopicsFile } from './topics-file.loader';
import { resolveTopicSpecs } from './topic-specs.resolver';

const file = parseTopicsFile({
  source: 'test',
  text: `
defaults:
  partitions: 3
  configs: { cleanup.policy: delete, retention.ms: 1000000 }
environments:
  local:
    replicationFactor: 1
  production:
    replicationFactor: 3
    configs: { min.insync.replicas: 2, retention.ms: 2000000 }
    topics:
      order.created: { partitions: 12, configs: { retention.ms: 3000000 } }
      payment.dlq: { partitions: 2 }
derived:
  retry: { partitions: 4, configs: { retention.ms: 500000 } }
  dlq: { configs: { retention.ms: 9000000 } }
groups:
  payment: { service: consumers/payment, retry: [1s, 10s] }
topics:
  order.created: { owner: producers/order-api, key: orderId, consumers: [payment] }
  analytics.order-metrics:
    owner: consumers/analytics
    key: window
    partitions: 1
    consumers: []
    configs: { cleanup.policy: compact }
`,
});

describe('resolveTopicSpecs', () => {
  it('lists declared topics, then each group’s retry tiers and DLQ, for the local default', () => {
    expect(resolveTopicSpecs({ file })).toEqual([
      {
        name: 'order.created',
        kind: 'event',
        partitions: 3,
        replicationFactor: 1,
        configs: { 'cleanup.policy': 'delete', 'retention.ms': '1000000' },
      },
      {
        name: 'analytics.order-metrics',
        kind: 'event',
        partitions: 1,
        replicationFactor: 1,
        configs: { 'cleanup.policy': 'compact', 'retention.ms': '1000000' },
      },
      {
        name: 'payment.retry-1s',
        kind: 'retry',
        partitions: 4,
        replicationFactor: 1,
        configs: { 'cleanup.policy': 'delete', 'retention.ms': '500000' },
      },
      {
        name: 'payment.retry-10s',
        kind: 'retry',
        partitions: 4,
        replicationFactor: 1,
        configs: { 'cleanup.policy': 'delete', 'retention.ms': '500000' },
      },
      {
        name: 'payment.dlq',
        kind: 'dlq',
        partitions: 3,
        replicationFactor: 1,
        configs: { 'cleanup.policy': 'delete', 'retention.ms': '9000000' },
      },
    ]);
  });

  it('applies environment settings over the topic, and per-topic environment overrides last', () => {
    const byName = new Map(
      resolveTopicSpecs({ file, environment: 'production' }).map((spec) => [spec.name, spec]),
    );
    expect(byName.get('order.created')).toMatchObject({
      partitions: 12,
      replicationFactor: 3,
      configs: { 'cleanup.policy': 'delete', 'min.insync.replicas': '2', 'retention.ms': '3000000' },
    });
    expect(byName.get('payment.retry-1s')?.configs['retention.ms']).toBe('2000000');
    expect(byName.get('payment.dlq')?.partitions).toBe(2);
  });

  it('prepends the prefix to every name', () => {
    const names = resolveTopicSpecs({ file, topicPrefix: 'it-42-' }).map((spec) => spec.name);
    expect(names).toEqual([
      'it-42-order.created',
      'it-42-analytics.order-metrics',
      'it-42-payment.retry-1s',
      'it-42-payment.retry-10s',
      'it-42-payment.dlq',
    ]);
  });

  it('rejects an unknown environment, listing the known ones', () => {
    expect(() => resolveTopicSpecs({ file, environment: 'prod' })).toThrow(
      'Unknown environment "prod"; topics.yaml declares: local, production.',
    );
  });

  it.each(['bad prefix/', 'x'.repeat(240)])(
    'rejects a prefix that makes invalid topic names (%#)',
    (topicPrefix) => {
      try {
        resolveTopicSpecs({ file, topicPrefix });
        throw new Error('expected a rejection');
      } catch (error: unknown) {
        expect(isOrderflowError(error, 'CONFIG_INVALID')).toBe(true);
      }
    },
  );
});
