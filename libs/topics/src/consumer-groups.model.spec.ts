import { consumerGroup, consumerGroups } from './consumer-groups.model';
import { parseTopicsFile } from './topics-file.loader';

const file = parseTopicsFile({
  source: 'test',
  text: `
defaults: { partitions: 3 }
environments: { local: { replicationFactor: 1 } }
derived: { retry: {}, dlq: {} }
groups:
  payment: { service: consumers/payment, retry: [1s, 10s, 5m], ordering: per-key }
  analytics: { service: consumers/analytics, retry: [] }
topics:
  inventory.reserved: { owner: consumers/inventory, key: orderId, consumers: [payment, analytics] }
  payment.failed: { owner: consumers/payment, key: orderId, consumers: [analytics] }
`,
});

describe('consumerGroups', () => {
  it('gives each group its topics, retry tiers in milliseconds and its own DLQ', () => {
    expect(consumerGroups({ file })).toEqual([
      {
        name: 'payment',
        service: 'consumers/payment',
        topics: ['inventory.reserved'],
        retryTiers: [
          { delayLabel: '1s', delayMs: 1_000, topic: 'payment.retry-1s' },
          { delayLabel: '10s', delayMs: 10_000, topic: 'payment.retry-10s' },
          { delayLabel: '5m', delayMs: 300_000, topic: 'payment.retry-5m' },
        ],
        dlqTopic: 'payment.dlq',
        ordering: 'per-key',
      },
      {
        name: 'analytics',
        service: 'consumers/analytics',
        topics: ['inventory.reserved', 'payment.failed'],
        retryTiers: [],
        dlqTopic: 'analytics.dlq',
        ordering: 'none',
      },
    ]);
  });

  it('applies the topic prefix to consumed, retry and DLQ topics', () => {
    expect(consumerGroup({ file, name: 'payment', topicPrefix: 't-' })).toMatchObject({
      topics: ['t-inventory.reserved'],
      retryTiers: [
        { topic: 't-payment.retry-1s' },
        { topic: 't-payment.retry-10s' },
        { topic: 't-payment.retry-5m' },
      ],
      dlqTopic: 't-payment.dlq',
    });
  });

  it('refuses an ordering it does not know, naming the group', () => {
    expect(() =>
      parseTopicsFile({
        source: 'test',
        text: `
defaults: { partitions: 3 }
environments: { local: { replicationFactor: 1 } }
derived: { retry: {}, dlq: {} }
groups: { payment: { service: consumers/payment, retry: [1s], ordering: per-order } }
topics: { inventory.reserved: { owner: consumers/inventory, key: orderId, consumers: [payment] } }
`,
      }),
    ).toThrow(/groups\.payment\.ordering.*per-key or none/s);
  });

  it('returns undefined for a group the file does not declare', () => {
    expect(consumerGroup({ file, name: 'shipping' })).toBeUndefined();
  });
});
