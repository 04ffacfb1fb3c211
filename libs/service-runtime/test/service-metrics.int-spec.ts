import { readRuntimeConfig, startService, type RunningService } from '@orderflow/service-runtime';
import type { AvroSerde } from '@orderflow/registry';
import { createTestNamespace, produceRecords, waitFor, type TestNamespace } from '@orderflow/testing';

import { anOrder, prepareNamespace, probeModule, probeTopicsFile, type ProbeCall } from './runtime-test-kit';

const scrape = async (service: RunningService): Promise<string[]> => {
  const response = await fetch(`${service.url}/metrics`);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain;.*version=0\.0\.4/);
  return (await response.text()).split('\n');
};

describe('consumer runtime: /metrics on the real stack', () => {
  const topics = probeTopicsFile();
  let namespace: TestNamespace;
  let serde: AvroSerde;
  let service: RunningService;
  const calls: ProbeCall[] = [];

  beforeAll(async () => {
    namespace = createTestNamespace('runtime-metrics');
    serde = await prepareNamespace(namespace, topics);
    const runtime = {
      ...readRuntimeConfig(
        { service: 'probe', group: 'probe', portVariable: 'PROBE_PORT', defaultPort: 0 },
        { ...process.env, LOG_LEVEL: 'error' },
      ),
      topicPrefix: namespace.prefix,
    };
    service = await startService({ module: probeModule(calls), runtime, topics });
    await service.whenConsuming();
  });

  afterAll(async () => {
    await service.close();
    await namespace.cleanup();
  });

  it('counts what the handler processed, retried and dead-lettered, by group and topic', async () => {
    await produceRecords(namespace, 'order.created', [
      { key: 'order-ok-1', value: await serde.encode('order.created', anOrder('order-ok-1')) },
      {
        key: 'order-fails',
        value: await serde.encode('order.created', anOrder('order-fails', 'always-fails')),
      },
      { key: 'order-ok-2', value: await serde.encode('order.created', anOrder('order-ok-2')) },
    ]);

    const deadLettered =
      'orderflow_messages_dead_lettered_total{group="probe",topic="order.created",reason="retries-exhausted"} 1';
    const lines = await waitFor(
      async () => {
        const scraped = await scrape(service);
        return scraped.includes(deadLettered) ? scraped : undefined;
      },
      { description: 'the dead-lettered record in /metrics', timeoutMs: 30_000 },
    );

    // Two tiers (300ms, 600ms): the failing record is delivered three times, retried twice, then dead-lettered.
    expect(lines).toEqual(
      expect.arrayContaining([
        'orderflow_messages_handled_total{group="probe",topic="order.created",outcome="processed"} 2',
        'orderflow_messages_handled_total{group="probe",topic="order.created",outcome="retry"} 2',
        'orderflow_messages_handled_total{group="probe",topic="order.created",outcome="dead-letter"} 1',
        'orderflow_messages_failed_total{group="probe",topic="order.created",error_code="UNCLASSIFIED"} 3',
        'orderflow_messages_retried_total{group="probe",topic="order.created",tier="300ms"} 1',
        'orderflow_messages_retried_total{group="probe",topic="order.created",tier="600ms"} 1',
        'orderflow_handler_duration_seconds_count{group="probe",topic="order.created"} 5',
      ]),
    );
    expect(lines.some((line) => line.startsWith('process_cpu_user_seconds_total '))).toBe(true);
  });

  it('counts HTTP requests by route pattern and status', async () => {
    await fetch(`${service.url}/health/live`);
    const lines = await scrape(service);
    expect(lines).toContain(
      'orderflow_http_requests_total{method="GET",route="/health/live",status="200"} 1',
    );
    expect(
      lines.some((line) =>
        line.startsWith('orderflow_http_request_duration_seconds_count{method="GET",route="/health/live"}'),
      ),
    ).toBe(true);
  });
});
