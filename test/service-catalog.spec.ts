import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { ANALYTICS_SERVICE, readAnalyticsConfig } from '@orderflow/analytics';
import { projectPaths } from '@orderflow/config';
import type { RuntimeConfig, ServiceIdentity } from '@orderflow/service-runtime';
import { INVENTORY_SERVICE, readInventoryConfig } from '@orderflow/inventory';
import { NOTIFICATION_SERVICE, readNotificationConfig } from '@orderflow/notification';
import { NOTIFICATION_SENDER_SERVICE, readNotificationSenderConfig } from '@orderflow/notification-sender';
import { ORDER_API_SERVICE, readOrderApiConfig } from '@orderflow/order-api';
import { PAYMENT_SERVICE, readPaymentConfig } from '@orderflow/payment';
import { SERVICES } from '@orderflow/stack';
import { loadQueueTopology } from '@orderflow/rabbitmq';
import { consumerGroups, loadTopicsFile } from '@orderflow/topics';

type Env = Record<string, string | undefined>;

// Each service with the config reader its main.ts uses (the catalog must run what the config reads), and
// where its work comes from: a consumer group of topics.yaml, or a work queue of queues.yaml.
const services: Array<[ServiceIdentity, (env: Env) => { runtime: RuntimeConfig }, 'kafka' | 'rabbitmq']> = [
  [ORDER_API_SERVICE, readOrderApiConfig, 'kafka'],
  [INVENTORY_SERVICE, readInventoryConfig, 'kafka'],
  [PAYMENT_SERVICE, readPaymentConfig, 'kafka'],
  [NOTIFICATION_SERVICE, readNotificationConfig, 'kafka'],
  [NOTIFICATION_SENDER_SERVICE, readNotificationSenderConfig, 'rabbitmq'],
  [ANALYTICS_SERVICE, readAnalyticsConfig, 'kafka'],
];
const connection = {
  KAFKA_BROKERS: '127.0.0.1:19092',
  SCHEMA_REGISTRY_URL: 'http://127.0.0.1:18081/apis/ccompat/v7',
  REDIS_URL: 'redis://127.0.0.1:16379',
  AMQP_URL: 'amqp://orderflow:orderflow@127.0.0.1:15672',
  DATABASE_URL: 'postgres://orderflow@127.0.0.1:15432/orderflow',
};
const { root } = projectPaths();
const named = services.map(([identity, read, work]) => [identity.name, identity, read, work] as const);

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

  it.each(named)(
    '%s: its script is built from a main.ts, its work is declared (topics.yaml or queues.yaml)',
    (_name, identity, _read, work) => {
      const source = identity.script.replace('/dist/', '/src/').replace(/\.js$/, '.ts');
      expect(existsSync(join(root, source))).toBe(true);
      if (work === 'kafka') {
        const groups = consumerGroups({ file: loadTopicsFile(), topicPrefix: '' }).map((group) => group.name);
        expect(groups).toContain(identity.group);
      } else {
        expect(Object.keys(loadQueueTopology())).not.toHaveLength(0);
      }
    },
  );

  it.each(named)('%s: Prometheus scrapes it on its port', (_name, identity) => {
    const prometheus = readFileSync(join(root, 'ops/prometheus/prometheus.yml'), 'utf8');
    expect(prometheus).toMatch(
      new RegExp(
        `job_name: ${identity.name}\\n\\s+static_configs:\\n\\s+- targets: \\['[^:']+:${identity.defaultPort}'\\]`,
      ),
    );
  });
});
