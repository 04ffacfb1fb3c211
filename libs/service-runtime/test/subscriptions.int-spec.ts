import { readRuntimeConfig, startService } from '@orderflow/service-runtime';
import { createTestNamespace } from '@orderflow/testing';
import { parseTopicsFile } from '@orderflow/topics';

import { probeModule } from './runtime-test-kit';

// topics.yaml gives the probe group payment.failed too, but its only handler reads order.created.
const topics = parseTopicsFile({
  source: 'subscription mismatch topics',
  text: `
defaults: { partitions: 1, configs: { cleanup.policy: delete } }
environments: { local: { replicationFactor: 1, configs: { min.insync.replicas: 1 } } }
derived: { retry: { configs: { retention.ms: 600000 } }, dlq: {} }
groups: { probe: { service: consumers/probe, retry: [300ms] } }
topics:
  order.created: { owner: producers/order-api, key: orderId, consumers: [probe] }
  payment.failed: { owner: consumers/payment, key: orderId, consumers: [probe] }
`,
});

describe('subscriptions: the handlers and topics.yaml name the same topics', () => {
  it('stops the boot with CONFIG_INVALID naming a declared topic that no handler reads', async () => {
    const namespace = createTestNamespace('subscriptions');
    const runtime = {
      ...readRuntimeConfig(
        { service: 'probe', group: 'probe', portVariable: 'PROBE_PORT', defaultPort: 0 },
        { ...process.env, LOG_LEVEL: 'error' },
      ),
      topicPrefix: namespace.prefix,
    };
    try {
      const boot = startService({ module: probeModule([]), runtime, topics });
      await expect(boot).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
      await expect(boot).rejects.toThrow(
        `declared in topics.yaml but without an @EventPattern handler: ${namespace.prefix}payment.failed`,
      );
    } finally {
      await namespace.cleanup();
    }
  });
});
