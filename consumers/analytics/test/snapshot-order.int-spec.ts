import { Redis } from 'ioredis';

import type { OrderMetrics } from '@orderflow/contracts';
import { deriveEventId, type KafkaRecord } from '@orderflow/kafka';
import type { AvroSerde } from '@orderflow/registry';
import { startService, type RunningService } from '@orderflow/service-runtime';
import {
  collectEvents,
  createTestNamespace,
  integrationSettings,
  narrowTopicsFile,
  produceRecords,
  provisionNamespace,
  readAllRecords,
  waitFor,
  waitForGroupCaughtUp,
  type EventCollector,
  type TestNamespace,
} from '@orderflow/testing';
import { loadTopicsFile } from '@orderflow/topics';

import { AnalyticsModule, readAnalyticsConfig, windowKey } from '../src';
import type { MetricEvent } from '../src/metric-event';
import { MetricsRepository } from '../src/metrics.repository';
import { MetricsService } from '../src/metrics.service';
import { buildWindowMetrics, type WindowMetrics } from '../src/window-metrics';

// The compacted topic must end on a window's newest snapshot (F14), on the real stack. Three partitions
// per topic, so orders of one window are handled by different partitions' handlers at once.
const topics = narrowTopicsFile(loadTopicsFile(), { group: 'analytics', partitions: 3, retry: ['500ms'] });

const HOOK_TIMEOUT_MS = 60_000;
const LATE_EVENT = 'evt-created-late';

/**
 * Holds the snapshots of one event between reading them and handing them to the runtime, until the test
 * lets them go: so they are published after newer ones, as a slow handler or a late retry would.
 */
class HeldMetricsService extends MetricsService {
  readonly read: Promise<WindowMetrics[]>;
  private announce: (snapshots: WindowMetrics[]) => void = () => undefined;
  private release: () => void = () => undefined;
  private readonly released = new Promise<void>((resolve) => {
    this.release = resolve;
  });

  constructor(repository: MetricsRepository) {
    super(repository);
    this.read = new Promise((resolve) => {
      this.announce = resolve;
    });
  }

  override async record(event: MetricEvent): Promise<WindowMetrics[]> {
    const snapshots = await super.record(event);
    if (event.eventId !== LATE_EVENT) return snapshots;
    this.announce(snapshots);
    await this.released;
    return snapshots;
  }

  letGo(): void {
    this.release();
  }
}

describe('the analytics snapshot on the compacted topic', () => {
  const redis = new Redis(integrationSettings().redisUrl, { lazyConnect: true });
  let namespace: TestNamespace;
  let serde: AvroSerde;
  let service: RunningService;
  let held: HeldMetricsService;
  let repository: MetricsRepository;
  let collector: EventCollector<OrderMetrics> | undefined;

  beforeAll(async () => {
    namespace = createTestNamespace('analytics-last');
    ({ serde } = await provisionNamespace(namespace, { topics }));
    repository = new MetricsRepository({ redis, topicPrefix: namespace.prefix, stateTtlDays: 1 });
    held = new HeldMetricsService(repository);

    const config = readAnalyticsConfig({ ...process.env, LOG_LEVEL: 'error', ANALYTICS_PORT: '0' });
    const runtime = { ...config.runtime, topicPrefix: namespace.prefix };
    const module = AnalyticsModule.forRoot({ ...config, runtime });
    // Listed after the module's own MetricsService, so it replaces it.
    module.providers = [...(module.providers ?? []), { provide: MetricsService, useValue: held }];
    service = await startService({ module, runtime, topics });
    await service.whenConsuming();

    collector = await collectEvents(
      namespace,
      'analytics.order-metrics',
      async (value) => (await serde.decode(value)).value as OrderMetrics,
    );
  }, HOOK_TIMEOUT_MS);

  afterAll(async () => {
    held?.letGo();
    await collector?.stop();
    await service?.close();
    await namespace.cleanup();
    const keys = await redis.keys(`${namespace.prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  }, HOOK_TIMEOUT_MS);

  const orderCreated = async (orderId: string, eventId: string, occurredAt: number) => ({
    key: orderId,
    value: await serde.encode('order.created', {
      eventId,
      occurredAt,
      orderId,
      customerId: 'customer-1',
      items: [{ sku: 'SKU-1', quantity: 1, unitPriceCents: 500 }],
      currency: 'EUR',
      totalCents: 500,
      channel: 'WEB',
      couponCode: null,
    }),
  });

  const paymentCompleted = async (orderId: string, occurredAt: number) => ({
    key: orderId,
    value: await serde.encode('payment.completed', {
      eventId: `evt-completed-${orderId}`,
      occurredAt,
      orderId,
      customerId: 'customer-1',
      paymentId: `pay-${orderId}`,
      amountCents: 500,
      currency: 'EUR',
    }),
  });

  /** The window's records on the topic in log order (one key, so one partition). */
  const recordsAt = async (windowStart: number): Promise<KafkaRecord[]> => {
    const key = windowKey(windowStart);
    const records = (await readAllRecords(namespace, 'analytics.order-metrics'))
      .filter((record) => record.key?.toString('utf8') === key)
      .sort((a, b) => Number(BigInt(a.offset) - BigInt(b.offset)));
    expect(new Set(records.map((record) => record.partition)).size).toBeLessThanOrEqual(1);
    return records;
  };

  const recordsOf = async (windowStart: number): Promise<OrderMetrics[]> => {
    const records = await recordsAt(windowStart);
    return Promise.all(
      records.map(async (record) => (await serde.decode(record.value!)).value as OrderMetrics),
    );
  };

  const figuresOf = ({ eventId: _id, occurredAt: _at, ...figures }: OrderMetrics): WindowMetrics => figures;

  it('republishes the current figures when a snapshot lands after a newer one of its window', async () => {
    const window = Date.parse('2026-11-21T13:00:00.000Z');
    await produceRecords(namespace, 'order.created', [
      await orderCreated('order-late', LATE_EVENT, window + 1),
    ]);
    // The service counted the late order (version 1) and holds its snapshot back.
    const [stale] = await held.read;
    expect(stale).toMatchObject({ version: 1, ordersCreated: 1 });

    // Meanwhile another analytics instance counts five orders of the window and publishes its snapshot.
    const other = new MetricsService(repository);
    let newest: WindowMetrics | undefined;
    for (let index = 0; index < 5; index += 1) {
      [newest] = await other.record({
        kind: 'ordersCreated',
        channel: 'WEB',
        eventId: `evt-created-other-${index}`,
        orderId: `order-other-${index}`,
        occurredAt: window + 10 + index,
      });
    }
    expect(newest).toMatchObject({ version: 6, ordersCreated: 6 });
    await produceRecords(namespace, 'analytics.order-metrics', [
      {
        key: windowKey(window),
        value: await serde.encode('analytics.order-metrics', {
          ...newest!,
          eventId: 'snapshot-other-instance',
          occurredAt: Date.now(),
        }),
      },
    ]);
    await waitFor(
      () =>
        Promise.resolve(collector?.events.find(({ value }) => value.eventId === 'snapshot-other-instance')),
      { description: "the other instance's snapshot on the topic", timeoutMs: 30_000 },
    );
    // Which that instance notes once acknowledged, as every publisher of a snapshot does.
    const [landed] = await recordsAt(window);
    expect(await other.landed(newest!, landed!)).toBeUndefined();

    // Now the held snapshot (version 1) lands after version 6.
    held.letGo();
    await waitForGroupCaughtUp(namespace, 'analytics', ['order.created']);

    const versions = (await recordsOf(window)).map((record) => record.version);
    // The interleaving happened as forced: 6, then the stale 1, then the check's republished 6.
    expect(versions).toEqual([6, 1, 6]);
    const last = (await recordsOf(window)).at(-1)!;
    expect(figuresOf(last)).toEqual(buildWindowMetrics(window, await repository.readWindow(window)));
  });

  it('ends every window on its newest figures after many orders from several partitions at once', async () => {
    const window = Date.parse('2026-11-21T14:00:00.000Z');
    const orders = Array.from({ length: 30 }, (_, index) => `order-many-${index}`);
    await Promise.all([
      produceRecords(
        namespace,
        'order.created',
        await Promise.all(
          orders.map((orderId, index) => orderCreated(orderId, `evt-created-${orderId}`, window + index)),
        ),
      ),
      produceRecords(
        namespace,
        'payment.completed',
        await Promise.all(orders.map((orderId, index) => paymentCompleted(orderId, window + 1_000 + index))),
      ),
    ]);
    await waitForGroupCaughtUp(namespace, 'analytics', ['order.created', 'payment.completed']);

    const expected = buildWindowMetrics(window, await repository.readWindow(window));
    // Two changes per order and one per time to confirm: every event counted, all of them published.
    expect(expected).toMatchObject({ version: 90, ordersCreated: 30, confirmed: 30 });
    const records = await recordsOf(window);
    expect(figuresOf(records.at(-1)!)).toEqual(expected);
    expect(Math.max(...records.map((record) => record.version))).toBe(expected.version);

    // Bounded: a republish only for a record that landed below a higher version, at most one per such record.
    const firstIds = new Set(
      orders.flatMap((orderId) =>
        [`evt-created-${orderId}`, `evt-completed-${orderId}`].map((id) => deriveEventId(id, 'analytics', 0)),
      ),
    );
    const republished = records.filter((record) => !firstIds.has(record.eventId)).length;
    const inversions = records.filter((record, index) =>
      records.slice(0, index).some((earlier) => earlier.version > record.version),
    ).length;
    expect(records.length - republished).toBe(2 * orders.length);
    expect(republished).toBeLessThanOrEqual(inversions);
  });
});
