import type { RunningService } from '@orderflow/service-runtime';
import {
  createTestNamespace,
  narrowTopicsFile,
  provisionNamespace,
  startOutboxRelay,
  waitFor,
  type OutboxRelay,
  type TestNamespace,
} from '@orderflow/testing';
import { loadTopicsFile } from '@orderflow/topics';

import { readPaymentConfig, startPayment } from '../src';

// The relay connector's state as payment reports it, against the run's Kafka Connect worker: a connector
// of this test's own (its database, slot and namespace), paused and then deleted through Connect's REST API.

const topics = narrowTopicsFile(loadTopicsFile(), { group: 'payment', partitions: 1, retry: ['300ms'] });

interface RelayDetail {
  status: string;
  connector: string;
  relaying: boolean;
  state: string;
}

describe("payment reports the outbox relay connector's state from Kafka Connect", () => {
  let namespace: TestNamespace;
  let relay: OutboxRelay | undefined;
  let service: RunningService | undefined;
  let connectUrl: string;

  /** One gauge's series for the relay's connector from payment's /metrics; undefined when not exposed. */
  const gauge = async (name: string, labels = ''): Promise<number | undefined> => {
    const text = await (await fetch(`${service?.url}/metrics`)).text();
    const series = `${name}{connector="${relay?.connector}"${labels}} `;
    const line = text.split('\n').find((entry) => entry.startsWith(series));
    return line === undefined ? undefined : Number(line.slice(series.length));
  };
  const waitForGauge = (name: string, labels: string, expected: number) =>
    waitFor(async () => ((await gauge(name, labels)) === expected ? expected : undefined), {
      description: `${name}{…${labels}} to read ${expected}`,
      timeoutMs: 30_000,
      intervalMs: 250,
    });
  /** /health/ready: the service's answer and the relay's entry in it. */
  const readiness = async (): Promise<{ httpStatus: number; relay: RelayDetail | undefined }> => {
    const response = await fetch(`${service?.url}/health/ready`);
    const body = (await response.json()) as { details?: Record<string, RelayDetail> };
    return { httpStatus: response.status, relay: body.details?.outboxRelay };
  };

  beforeAll(async () => {
    connectUrl = process.env.KAFKA_CONNECT_URL ?? '';
    namespace = createTestNamespace('payment-connector');
    await provisionNamespace(namespace, { topics });
    relay = await startOutboxRelay(namespace, 'payment_connector');
    const config = readPaymentConfig({
      ...process.env,
      DATABASE_URL: relay.database.url,
      ORDERFLOW_TOPIC_PREFIX: namespace.prefix,
      LOG_LEVEL: 'error',
      PAYMENT_PORT: '0',
    });
    expect(config.outboxRelay).toEqual({ connectUrl, connector: relay.connector });
    service = await startPayment({ config, topics });
    await service.whenConsuming();
  }, 180_000);

  afterAll(async () => {
    await service?.close();
    // Removes the connector (if the test did not get that far) and drops its slot and database.
    await relay?.close();
    await namespace?.cleanup();
  }, 60_000);

  it('shows the running connector as up, with its task RUNNING, and says so in readiness', async () => {
    await waitForGauge('orderflow_outbox_connector_up', '', 1);
    expect(await gauge('orderflow_outbox_connector_tasks', ',state="RUNNING"')).toBe(1);
    expect(await gauge('orderflow_outbox_connector_tasks', ',state="FAILED"')).toBe(0);
    await expect(readiness()).resolves.toEqual({
      httpStatus: 200,
      relay: expect.objectContaining({ status: 'up', relaying: true }) as unknown,
    });
  });

  it('shows a paused connector as down with its task PAUSED, and payment stays ready', async () => {
    const paused = await fetch(`${connectUrl}/connectors/${relay?.connector}/pause`, { method: 'PUT' });
    expect(paused.status).toBe(202);
    await waitForGauge('orderflow_outbox_connector_tasks', ',state="PAUSED"', 1);
    expect(await gauge('orderflow_outbox_connector_up')).toBe(0);
    const { httpStatus, relay: detail } = await readiness();
    expect(httpStatus).toBe(200);
    expect(detail).toMatchObject({ relaying: false, state: expect.stringContaining('PAUSED') as unknown });
  });

  it('shows a deleted connector as down with no tasks, and payment stays ready', async () => {
    const deleted = await fetch(`${connectUrl}/connectors/${relay?.connector}`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    await waitForGauge('orderflow_outbox_connector_tasks', ',state="PAUSED"', 0);
    expect(await gauge('orderflow_outbox_connector_up')).toBe(0);
    await expect(readiness()).resolves.toEqual({
      httpStatus: 200,
      relay: expect.objectContaining({ relaying: false, state: 'no such connector' }) as unknown,
    });
  });
});
