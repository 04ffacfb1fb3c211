import Redis from 'ioredis';

import { createHoldBack } from '@orderflow/retry';
import { createTestNamespace, type TestNamespace } from '@orderflow/testing';

import { orderflow } from './cli-test-kit';

describe('orderflow lag and dlq list: the keys groups with per-key order hold back (F14)', () => {
  let namespace: TestNamespace;
  let redis: Redis;

  beforeAll(async () => {
    namespace = createTestNamespace('held-back-cli');
    redis = new Redis(namespace.settings.redisUrl);
    // inventory declares ordering: per-key in topics.yaml: order-7 has one record in its 10 s tier and two
    // held behind it.
    const inventory = createHoldBack({ redis, keyPrefix: namespace.prefix, group: 'inventory' });
    await inventory.markRetrying('order-7', 'order.created:3:41', 1);
    await inventory.admit('order-7', 'payment.failed:3:9');
    await inventory.admit('order-7', 'order.created:3:44');
  });

  afterAll(async () => {
    const keys = await redis.keys(`${namespace.prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await namespace.cleanup();
  });

  const heldRow = /inventory\s+order-7\s+3\s+order\.created:3:41\s+\S*inventory\.retry-10s/;

  it('lag shows each held key of the selected groups with what it waits for and where', async () => {
    const run = await orderflow(
      'lag',
      '--topic-prefix',
      namespace.prefix,
      '--group',
      `${namespace.prefix}inventory`,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(heldRow);
    // order-api keeps per-key order too but was not selected; payment does not keep it at all.
    expect(run.stdout).not.toMatch(/^order-api\s/m);
  });

  it('dlq list shows them beside the dead letters, one line per per-key group', async () => {
    const run = await orderflow('dlq', 'list', '--topic-prefix', namespace.prefix);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(heldRow);
    expect(run.stdout).toMatch(/^order-api\s+-\s+0\s/m);
    expect(run.stdout).not.toMatch(/^payment\s+-\s+0\s/m);
  });
});
