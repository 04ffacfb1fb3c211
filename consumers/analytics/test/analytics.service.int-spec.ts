import type { OrderMetrics } from '@orderflow/contracts';
import type { RunningService } from '@orderflow/service-runtime';
import type { AvroSerde } from '@orderflow/registry';
import {
  collectEvents,
  createTestNamespace,
  narrowTopicsFile,
  produceRecords,
  provisionNamespace,
  waitFor,
  type EventCollector,
  type TestNamespace,
} from '@orderflow/testing';
import { loadTopicsFile } from '@orderflow/topics';

import { readAnalyticsConfig, startAnalytics, windowKey } from '../src';

// The analytics service in-process on the real stack: handlers wired, snapshots published and readable.
// One partition per topic and the analytics group only, to keep the broker's work small.
const topics = narrowTopicsFile(loadTopicsFile(), { group: 'analytics', partitions: 1, retry: ['500ms'] });

// Joining and leaving consumer groups takes seconds on a busy broker: more than Jest's default hook timeout.
const HOOK_TIMEOUT_MS = 60_000;

describe('analytics service on the real stack', () => {
  let namespace: TestNamespace;
  let serde: AvroSerde;
  let service: RunningService;
  let collector: EventCollector<OrderMetrics> | undefined;
  const published = (): { key: string; value: OrderMetrics }[] => collector?.events ?? [];

  beforeAll(async () => {
    namespace = createTestNamespace('analytics-svc');
    ({ serde } = await provisionNamespace(namespace, { topics }));

    const config = readAnalyticsConfig({ ...process.env, LOG_LEVEL: 'error', ANALYTICS_PORT: '0' });
    service = await startAnalytics({
      config: { ...config, runtime: { ...config.runtime, topicPrefix: namespace.prefix } },
      topics,
    });
    await service.whenConsuming();

    collector = await collectEvents(
      namespace,
      'analytics.order-metrics',
      async (value) => (await serde.decode(value)).value as OrderMetrics,
    );
  }, HOOK_TIMEOUT_MS);

  afterAll(async () => {
    await collector?.stop();
    await service?.close();
    await namespace.cleanup();
  }, HOOK_TIMEOUT_MS);

  it('publishes the window snapshot keyed by its ISO start after each event', async () => {
    const window = Date.parse('2026-11-21T12:34:00.000Z');
    await produceRecords(namespace, 'order.created', [
      {
        key: 'order-1',
        headers: { 'correlation-id': 'corr-analytics' },
        value: await serde.encode('order.created', {
          eventId: 'evt-created-1',
          occurredAt: window + 1_000,
          orderId: 'order-1',
          customerId: 'customer-1',
          items: [{ sku: 'SKU-1', quantity: 2, unitPriceCents: 600 }],
          currency: 'EUR',
          totalCents: 1_200,
          channel: 'WEB',
          couponCode: null,
        }),
      },
    ]);
    await produceRecords(namespace, 'payment.completed', [
      {
        key: 'order-1',
        headers: { 'correlation-id': 'corr-analytics', 'causation-id': 'evt-reserved-1' },
        value: await serde.encode('payment.completed', {
          eventId: 'evt-completed-1',
          occurredAt: window + 4_500,
          orderId: 'order-1',
          customerId: 'customer-1',
          paymentId: 'pay-1',
          amountCents: 1_200,
          currency: 'EUR',
        }),
      },
    ]);

    const final = await waitFor(
      () =>
        Promise.resolve(
          published().find(({ value }) => value.ordersCreated === 1 && value.timeToConfirm.count === 1),
        ),
      { description: 'a snapshot with the order created and confirmed', timeoutMs: 30_000 },
    );
    expect(final.key).toBe(windowKey(window));
    expect(final.value).toMatchObject({
      windowStart: window,
      windowEnd: window + 60_000,
      ordersCreated: 1,
      confirmed: 1,
      revenueCents: { EUR: 1_200 },
      timeToConfirm: { count: 1, sumMs: 3_500, maxMs: 3_500 },
    });
    expect(published().every(({ key }) => key === windowKey(window))).toBe(true);
  });
});
