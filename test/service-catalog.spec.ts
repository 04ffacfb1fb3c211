import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { ANALYTICS_SERVICE, readAnalyticsConfig } from '@orderflow/analytics';
import { projectPaths } from '@orderflow/config';
import type { RuntimeConfig, ServiceIdentity } from '@orderflow/service-runtime';
import { INVENTORY_SERVICE, readInventoryConfig } from '@orderflow/inventory';
import { NOTIFICATION_SERVICE, readNotificationConfig } from '@orderflow/notification';
import { ORDER_API_SERVICE, readOrderApiConfig } from '@orderflow/order-api';
import { PAYMENT_SERVICE, readPaymentConfig } from '@orderflow/payment';
import { SERVICES } from '@orderflow/stack';
import { consumerGroups, loadTopicsFile } from '@orderflow/topics';

type Env = Record<string, string | undefined>;

// Each service with the config reader its main.ts uses: the catalog must run what the config reads.
const services: Array<[ServiceIdentity, (env: Env) => { runtime: RuntimeConfig }]> = [
  [ORDER_API_SERVICE, readOrderApiConfig],
  [INVENTORY_SERVICE, readInventoryConfig],
  [PAYMENT_SERVICE, readPaymentConfig],
  [NOTIFICATION_SERVICE, readNotificationConfig],
  [ANALYTICS_SERVICE, readAnalyticsConfig],
];
const connection = {
  KAFKA_BROKERS: '127.0.0.1:19092',
  SCHEMA_REGISTRY_URL: 'http://127.0.0.1:18081/apis/ccompat/v7',
  REDIS_URL: 'redis://127.0.0.1:16379',
};
const { root } = projectPaths();
const named = services.map(([identity, read]) => [identity.name, identity, read] as const);

describe('the service catalog (`orderflow start`)', () => {
  it('lists every service once, from its identity', () => {
    expect(SERVICES).toEqual(
      services.map(([identity]) => ({
        name: identity.name,
        script: identity.script,
        portVariable: identity.portVariable,
        port: identity.defaultPort,
      })),
    );
    expect(new Set(SERVICES.map((service) => service.port)).size).toBe(SERVICES.length);
  });

  it.each(named)('%s: its config reads the port and group through the identity', (_name, identity, read) => {
    expect(read(connection).runtime).toMatchObject({
      service: identity.name,
      group: identity.group,
      httpPort: identity.defaultPort,
    });
    expect(read({ ...connection, [identity.portVariable]: '0' }).runtime.httpPort).toBe(0);
  });

  it.each(named)('%s: its script is built from a main.ts, its group is in topics.yaml', (_name, identity) => {
    const source = identity.script.replace('/dist/', '/src/').replace(/\.js$/, '.ts');
    expect(existsSync(join(root, source))).toBe(true);
    const groups = consumerGroups({ file: loadTopicsFile(), topicPrefix: '' }).map((group) => group.name);
    expect(groups).toContain(identity.group);
  });

  it.each(named)('%s: Prometheus scrapes it on its port', (_name, identity) => {
    const prometheus = readFileSync(join(root, 'ops/prometheus/prometheus.yml'), 'utf8');
    expect(prometheus).toMatch(
      new RegExp(
        `job_name: ${identity.name}\\n\\s+static_configs:\\n\\s+- targets: \\['[^:']+:${identity.defaultPort}'\\]`,
      ),
    );
  });
});
