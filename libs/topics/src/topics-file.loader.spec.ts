import { isOrderflowError } from '@orderflow/errors';

import { parseTopicsFile } from './topics-file.loader';

const VALID = `
defaults:
  partitions: 3
  configs:
    retention.ms: 604800000
environments:
  local:
    replicationFactor: 1
    configs:
      min.insync.replicas: 1
derived:
  retry:
    configs:
      retention.ms: 86400000
  dlq:
    partitions: 1
groups:
  payment:
    service: consumers/payment
    retry: [1s, 10s]
topics:
  order.created:
    owner: producers/order-api
    key: orderId
    consumers: [payment]
`;

const problemsOf = (text: string): string[] => {
  try {
    parseTopicsFile({ text, source: 'topics.yaml' });
  } catch (error: unknown) {
    if (isOrderflowError(error, 'TOPICS_FILE_INVALID')) return error.context.problems as string[];
    throw error;
  }
  throw new Error('expected the file to be rejected');
};

describe('parseTopicsFile', () => {
  it('accepts a valid file and normalises config values to strings and delays to milliseconds', () => {
    const file = parseTopicsFile({ text: VALID, source: 'topics.yaml' });
    expect(file.defaults.configs).toEqual({ 'retention.ms': '604800000' });
    expect(file.groups.payment?.retry).toEqual([
      { label: '1s', ms: 1000 },
      { label: '10s', ms: 10_000 },
    ]);
  });

  it('names the offending path of a bad value', () => {
    const text = VALID.replace('    key: orderId\n', '    key: orderId\n    partitions: 0\n');
    expect(problemsOf(text)).toEqual(['topics.order.created.partitions: expected a positive integer']);
  });

  it('reports a missing required key, a misspelt key and a bad delay together', () => {
    const text = VALID.replace('    key: orderId\n', '    partitons: 2\n').replace('[1s, 10s]', '[1s, soon]');
    expect(problemsOf(text)).toEqual(
      expect.arrayContaining([
        'topics.order.created.key: required',
        'topics.order.created: unknown key "partitons"',
        'groups.payment.retry.1: expected a delay such as 500ms, 10s, 5m or 1h',
      ]),
    );
  });

  it('rejects integers a YAML number cannot hold exactly', () => {
    const text = VALID.replace('retention.ms: 604800000', 'retention.ms: 9223372036854775807');
    expect(problemsOf(text)).toEqual([
      'defaults.configs.retention.ms: too large to be exact as a YAML number: quote it',
    ]);
  });

  it('rejects an invalid topic name key', () => {
    expect(problemsOf(VALID.replace('  order.created:', '  order created:'))).toEqual([
      'topics.order created: expected a topic name (letters, digits, ".", "_", "-")',
    ]);
  });

  it('rejects a consumer group that is not declared', () => {
    expect(problemsOf(VALID.replace('consumers: [payment]', 'consumers: [payment, paymnet]'))).toEqual([
      'topics.order.created.consumers.1: group "paymnet" is not declared under groups',
    ]);
  });

  it('rejects a group that consumes nothing', () => {
    const text = VALID.replace('groups:\n', 'groups:\n  idle:\n    service: consumers/idle\n    retry: []\n');
    expect(problemsOf(text)).toEqual([
      "groups.idle: consumes no topic: add it to a topic's consumers or remove it",
    ]);
  });

  it('rejects retry delays that do not grow', () => {
    expect(problemsOf(VALID.replace('[1s, 10s]', '[10s, 10000ms]'))).toEqual([
      'groups.payment.retry.1: retry delays must grow: 10000ms comes after 10s',
    ]);
  });

  it('rejects a declared topic that collides with a derived one', () => {
    const text = VALID.replace(
      'topics:\n',
      'topics:\n  payment.dlq:\n    owner: consumers/payment\n    key: orderId\n    consumers: [payment]\n',
    );
    expect(problemsOf(text)).toEqual([
      'groups.payment: topic payment.dlq is also implied by topics.payment.dlq',
    ]);
  });

  it('requires the default local environment', () => {
    expect(problemsOf(VALID.replace('  local:', '  staging:'))).toEqual([
      'environments: expected a "local" environment (the default)',
    ]);
  });

  it('rejects an environment override for a topic the file does not have', () => {
    const text = VALID.replace(
      'environments:\n  local:\n',
      'environments:\n  local:\n    topics:\n      order.cancelled:\n        partitions: 2\n',
    );
    expect(problemsOf(text)).toEqual([
      'environments.local.topics.order.cancelled: not a topic of this file (declared under topics, or derived from groups)',
    ]);
  });

  it('accepts an environment override for a derived topic', () => {
    const text = VALID.replace(
      'environments:\n  local:\n',
      'environments:\n  local:\n    topics:\n      payment.dlq:\n        partitions: 2\n',
    );
    expect(() => parseTopicsFile({ text, source: 'topics.yaml' })).not.toThrow();
  });

  it('rejects min.insync.replicas above the replication factor, naming the environment', () => {
    expect(problemsOf(VALID.replace('min.insync.replicas: 1', 'min.insync.replicas: 2'))).toContain(
      'environments.local: order.created: min.insync.replicas 2 exceeds the replication factor 1, so every acks=all write would fail',
    );
  });

  it('rejects a retry topic whose retention is shorter than its delay', () => {
    expect(problemsOf(VALID.replace('retention.ms: 86400000', 'retention.ms: 5000'))).toEqual([
      'groups.payment.retry.1: in environment local, payment.retry-10s keeps records 5000 ms (retention.ms) but they wait 10000 ms: raise retention.ms to at least the delay',
    ]);
  });

  it('rejects an empty file and invalid YAML with TOPICS_FILE_INVALID', () => {
    expect(problemsOf('')).toEqual(['the file is empty']);
    expect(problemsOf('topics: [')[0]).toMatch(/^not valid YAML/);
    expect(problemsOf(VALID.replace('  local:', '  local:\n    replicationFactor: 1\n  local:'))[0]).toMatch(
      /^not valid YAML/,
    );
  });
});
