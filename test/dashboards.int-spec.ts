import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { RuntimeConfig } from '@orderflow/service-runtime';
import { readAnalyticsConfig } from '@orderflow/analytics';
import {
  startPipeline,
  startPrivateRabbitmq,
  type Pipeline,
  type PrivateRabbitmq,
  type ServiceName,
} from '@orderflow/e2e';
import { readInventoryConfig } from '@orderflow/inventory';
import { createLagSampler, startLagExporter, type RunningLagExporter } from '@orderflow/lag';
import { createLogger } from '@orderflow/logging';
import { readNotificationConfig } from '@orderflow/notification';
import { readNotificationSenderConfig } from '@orderflow/notification-sender';
import { readOrderApiConfig } from '@orderflow/order-api';
import { readPaymentConfig } from '@orderflow/payment';
import {
  ensurePrometheus,
  prometheusLabelValues,
  prometheusVersion,
  produceRecords,
  queryPrometheus,
  startPrometheus,
  waitFor,
  type PrometheusSample,
  type RunningPrometheus,
} from '@orderflow/testing';
import { loadTopicsFile } from '@orderflow/topics';

import {
  dashboardFiles,
  panelTargets,
  parseLabelValues,
  readDashboard,
  substituteVariables,
} from './dashboards/dashboard-panels';
import { startOrderTraffic, type OrderTraffic } from './dashboards/order-traffic';
import { readScrapeJobs, testScrapeConfig } from './dashboards/scrape-config';

// Every panel of every dashboard in ops/grafana/dashboards, evaluated by a real Prometheus (Debian's)
// scraping the five services and the lag exporter, configured from ops/prometheus/prometheus.yml.

/** The group the `$group` variable is set to: the one this test makes retry and dead-letter. */
const GROUP = 'notification';
/** The group stopped at the end; it reads order.created, so new orders show as its lag at once. */
const STOPPED = { service: 'analytics', group: 'analytics' } as const;
const LAG_EXPORTER_JOB = 'lag-exporter';
const RABBITMQ_JOB = 'rabbitmq';
// kafka_exporter's port, the default of `orderflow lag-exporter --port`.
const LAG_EXPORTER_PORT = 9308;
// What Grafana's $__rate_interval would be for a 1 s scrape interval is less; 30 s spans enough scrapes.
const VARIABLES = { group: GROUP, __rate_interval: '30s' };

/** Each service's runtime config read as production would (its port variable unset: the default). */
const RUNTIME_CONFIGS: Record<ServiceName, (env: Record<string, string | undefined>) => RuntimeConfig> = {
  orderApi: (env) => readOrderApiConfig(env).runtime,
  inventory: (env) => readInventoryConfig(env).runtime,
  payment: (env) => readPaymentConfig(env).runtime,
  notification: (env) => readNotificationConfig(env).runtime,
  notificationSender: (env) => readNotificationSenderConfig(env).runtime,
  analytics: (env) => readAnalyticsConfig(env).runtime,
};
const withoutServicePorts = (env: Record<string, string | undefined>) =>
  Object.fromEntries(
    Object.entries(env).filter(
      ([key]) => !/^(ORDER_API|INVENTORY|PAYMENT|NOTIFICATION|NOTIFICATION_SENDER|ANALYTICS)_PORT$/.test(key),
    ),
  );

const hasFiniteValue = (samples: PrometheusSample[]): boolean =>
  samples.some(({ value }) => Number.isFinite(Number(value[1])));

const targets = dashboardFiles().flatMap((file) => panelTargets(readDashboard(file)));

describe('Grafana dashboards, evaluated by Prometheus against the running services', () => {
  let pipeline: Pipeline;
  let exporter: RunningLagExporter;
  let prometheus: RunningPrometheus;
  let traffic: OrderTraffic;
  // A node of this file's own: its metrics endpoint is known, and its queues are this test's alone.
  let rabbit: PrivateRabbitmq;

  /** Polls an instant query until `accept` likes its result; the deadline error names `what`. */
  const poll = (what: string, expr: string, accept: (samples: PrometheusSample[]) => boolean) =>
    waitFor(
      async () => {
        const samples = await queryPrometheus(prometheus.url, expr);
        return accept(samples) ? samples : undefined;
      },
      { description: `${what} (${expr})`, timeoutMs: 60_000, intervalMs: 1_000 },
    );

  beforeAll(async () => {
    ensurePrometheus();
    console.log(`[dashboards] ${prometheusVersion()}`);
    // The sink's folder is a regular file: every notification fails with a retriable error, so the
    // retry panels have data the way they would during a real outage of the sender.
    const notAFolder = join(mkdtempSync(join(tmpdir(), 'orderflow-dashboards-')), 'not-a-folder');
    writeFileSync(notAFolder, '');
    // The sender dead-letters those through the work queue's delay tiers (RabbitMQ panels); the notification
    // group's first attempt at each event fails on purpose, so its Kafka retry panels have data too.
    rabbit = await startPrivateRabbitmq();
    pipeline = await startPipeline('dashboards', {
      overrides: {
        NOTIFICATION_SINK_FILE: join(notAFolder, 'sent.jsonl'),
        AMQP_URL: rabbit.url,
        ORDERFLOW_FAILPOINTS: 'notification:handler:throw@1',
      },
    });
    const { prefix } = pipeline.namespace;

    exporter = await startLagExporter({
      sampler: createLagSampler({
        admin: await pipeline.namespace.admin(),
        groups: Object.keys(loadTopicsFile().groups).map((group) => `${prefix}${group}`),
      }),
      intervalMs: 1_000,
      port: 0,
      logger: createLogger({ service: 'lag-exporter', level: 'error' }),
    });
    const serviceTargets = Object.entries(pipeline.services).map(([name, service]): [string, string] => [
      RUNTIME_CONFIGS[name as ServiceName](pipeline.env).service,
      service.url,
    ]);
    prometheus = await startPrometheus(
      testScrapeConfig({
        targets: {
          ...Object.fromEntries(serviceTargets),
          [LAG_EXPORTER_JOB]: exporter.url,
          [RABBITMQ_JOB]: rabbit.prometheusUrl,
        },
        namespacePrefix: prefix,
        lagExporterJob: LAG_EXPORTER_JOB,
      }),
    );

    // Records nobody can decode: notification (and the other readers of payment.completed) dead-letter
    // them at once, so the DLQ panel has data for the chosen group without waiting out the retry tiers.
    await produceRecords(pipeline.namespace, 'payment.completed', [
      { key: 'order-garbage-1', value: Buffer.from('not avro') },
      { key: 'order-garbage-2', value: Buffer.from('not avro either') },
    ]);
    const [sku] = Object.keys(pipeline.initialStock);
    traffic = startOrderTraffic(pipeline.orderApiUrl, sku ?? 'SKU-BOOK-001');
  });

  afterAll(async () => {
    await traffic?.stop();
    await prometheus?.close();
    await exporter?.close();
    await pipeline?.close();
    await rabbit?.close();
  });

  it('has dashboards with panels to check', () => {
    expect(dashboardFiles()).toContain('orderflow-overview.json');
    expect(targets.length).toBeGreaterThanOrEqual(10);
  });

  it('scrapes every service and the lag exporter on the ports they default to in production', () => {
    const ports = Object.fromEntries(
      readScrapeJobs().map((job) => [job.job_name, job.static_configs.flatMap((c) => c.targets)]),
    );
    for (const name of Object.keys(RUNTIME_CONFIGS) as ServiceName[]) {
      const { service, httpPort } = RUNTIME_CONFIGS[name](withoutServicePorts(pipeline.env));
      expect({ service, targets: ports[service] }).toEqual({
        service,
        targets: [expect.stringMatching(new RegExp(`:${httpPort}$`))],
      });
    }
    expect(ports[LAG_EXPORTER_JOB]).toEqual([expect.stringMatching(new RegExp(`:${LAG_EXPORTER_PORT}$`))]);
  });

  it('sees every scrape target up', async () => {
    const jobs = readScrapeJobs()
      .map((job) => job.job_name)
      .filter((job) => job !== 'prometheus');
    const up = await poll('every target up', 'up == 1', (samples) => samples.length === jobs.length);
    expect(up.map(({ metric }) => metric.job).sort()).toEqual([...jobs].sort());
  });

  it(`lists the chosen group in the $group variable`, async () => {
    for (const file of dashboardFiles()) {
      for (const variable of readDashboard(file).templating?.list ?? []) {
        if (variable.type !== 'query' || variable.definition === undefined) continue;
        const { metric, label } = parseLabelValues(variable.definition);
        const values = await waitFor(
          async () => {
            const found = await prometheusLabelValues(prometheus.url, metric, label);
            return found.includes(GROUP) ? found : undefined;
          },
          { description: `${variable.name} to list ${GROUP}`, timeoutMs: 60_000, intervalMs: 1_000 },
        );
        expect(values).toContain(GROUP);
      }
    }
  });

  it.each(
    targets.map((target) => [`${target.dashboard} / ${target.panel} (${target.refId})`, target] as const),
  )('panel %s shows data', async (_name, target) => {
    const expr = substituteVariables(target.expr, VARIABLES);
    const samples = await poll(`panel "${target.panel}" to show data`, expr, hasFiniteValue);
    expect(hasFiniteValue(samples)).toBe(true);
    expect(traffic.accepted()).toBeGreaterThan(0);
  });

  it('shows a stopped group as stopped, its lag growing', async () => {
    const lagExpr = `sum(kafka_consumergroup_lag{consumergroup="${STOPPED.group}"})`;
    const lagNow = async () =>
      Number((await poll('lag to be known', lagExpr, (s) => s.length === 1))[0]?.value[1]);
    await pipeline.stop(STOPPED.service);
    const before = await lagNow();
    const acceptedBefore = traffic.accepted();

    const after = await waitFor(
      async () => {
        const lag = await lagNow();
        return lag > before ? lag : undefined;
      },
      { description: `${STOPPED.group}'s lag to grow past ${before}`, timeoutMs: 60_000, intervalMs: 1_000 },
    );
    expect(after).toBeGreaterThan(before);
    expect(traffic.accepted()).toBeGreaterThan(acceptedBefore);

    const status = `kafka_consumergroup_status{consumergroup="${STOPPED.group}"} == 1`;
    const [current] = await poll(`${STOPPED.group} to read stopped`, status, (samples) =>
      samples.some(({ metric }) => metric.status === 'stopped'),
    );
    expect(current?.metric.status).toBe('stopped');

    // The status panel's encoding (0 ok, 1 stalled, 2 stopped) agrees.
    const panel = targets.find((target) => target.panel === 'Group status');
    expect(panel).toBeDefined();
    const [encoded] = await queryPrometheus(
      prometheus.url,
      substituteVariables(panel?.expr ?? '', { ...VARIABLES, group: STOPPED.group }),
    );
    expect(encoded?.value[1]).toBe('2');
  });
});
