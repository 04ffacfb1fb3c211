import { Redis } from 'ioredis';

import { integrationSettings, uniqueName } from '@orderflow/testing';
import type { SalesChannel } from '@orderflow/contracts';

import type { MetricEvent } from '../src/metric-event';
import { MetricsRepository } from '../src/metrics.repository';
import { MetricsService } from '../src/metrics.service';
import { buildWindowMetrics, type WindowMetrics } from '../src/window-metrics';

// The Lua update against the real Redis: once per eventId, the same figures whatever the delivery order.
describe('MetricsService against Redis', () => {
  const redis = new Redis(integrationSettings().redisUrl, { lazyConnect: true });
  const prefixes: string[] = [];

  /** A service in its own key space, so each scenario starts from empty windows. */
  const freshMetrics = (): { metrics: MetricsService; repository: MetricsRepository; prefix: string } => {
    const prefix = `${uniqueName('analytics')}.`;
    prefixes.push(prefix);
    const repository = new MetricsRepository({ redis, topicPrefix: prefix, stateTtlDays: 1 });
    return { metrics: new MetricsService(repository), repository, prefix };
  };

  const snapshotOf = async (repository: MetricsRepository, windowStart: number): Promise<WindowMetrics> =>
    buildWindowMetrics(windowStart, await repository.readWindow(windowStart));

  afterAll(async () => {
    for (const prefix of prefixes) {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
    }
    await redis.quit();
  });

  const W1 = Date.parse('2026-11-21T12:34:00.000Z');
  const W2 = Date.parse('2026-11-21T12:35:00.000Z');
  const at = (window: number, offsetMs: number) => ({ occurredAt: window + offsetMs });

  const created = (orderId: string, occurredAt: number, channel: SalesChannel = 'WEB'): MetricEvent => ({
    kind: 'ordersCreated',
    eventId: `${orderId}-created`,
    orderId,
    occurredAt,
    channel,
  });
  const confirmed = (
    orderId: string,
    occurredAt: number,
    amountCents: number,
    currency = 'EUR',
  ): MetricEvent => ({
    kind: 'confirmed',
    eventId: `${orderId}-completed`,
    orderId,
    occurredAt,
    amountCents,
    currency,
  });
  const simple = (
    kind: Exclude<MetricEvent['kind'], 'confirmed' | 'ordersCreated'>,
    orderId: string,
    occurredAt: number,
  ) => ({
    kind,
    eventId: `${orderId}-${kind}`,
    orderId,
    occurredAt,
  });

  it('counts an event delivered twice once, and answers the second time with the same snapshot', async () => {
    const { metrics } = freshMetrics();
    const event = confirmed('order-a', W1 + 10_000, 2_500);
    const [first] = await metrics.record(event);
    const [second] = await metrics.record(event);
    expect(first).toMatchObject({
      windowStart: W1,
      windowEnd: W2,
      confirmed: 1,
      revenueCents: { EUR: 2_500 },
    });
    expect(second).toEqual(first);
  });

  it('counts a re-emitted copy dated in another minute once, in the window of the first copy (F8)', async () => {
    const { metrics, repository } = freshMetrics();
    const first = simple('reserved', 'order-late', W1 + 59_900);
    await metrics.record(first);
    // The same eventId re-emitted after a crash, dated at its re-publication a minute later.
    const [copy] = await metrics.record({ ...first, occurredAt: W2 + 30_000 });
    expect(copy).toMatchObject({ windowStart: W1, reserved: 1 });
    expect((await snapshotOf(repository, W1)).reserved).toBe(1);
    expect((await snapshotOf(repository, W2)).reserved).toBe(0);
  });

  it('recognises an event an earlier version recorded in its window’s applied set (F8)', async () => {
    const { metrics, repository, prefix } = freshMetrics();
    const event = created('order-old', W1 + 1_000);
    await metrics.record(event);
    // As an earlier version left it: the per-window set only, no applied record of its own.
    await redis.del(`${prefix}analytics:event:${event.eventId}`);
    await redis.sadd(`${prefix}analytics:window:${new Date(W1).toISOString()}:applied`, event.eventId);
    await metrics.record(event);
    expect((await snapshotOf(repository, W1)).ordersCreated).toBe(1);
  });

  it('counts the same order.created twice at once only once', async () => {
    const { metrics, repository } = freshMetrics();
    const event = created('order-b', W1 + 1);
    await Promise.all([metrics.record(event), metrics.record(event)]);
    expect((await snapshotOf(repository, W1)).ordersCreated).toBe(1);
  });

  // Four orders across two windows: confirmed (with one confirmed in the next minute), rejected,
  // payment failed and released, and two currencies.
  const history: MetricEvent[] = [
    created('o-1', at(W1, 1_000).occurredAt),
    simple('reserved', 'o-1', W1 + 1_200),
    confirmed('o-1', W1 + 4_000, 1_000),
    created('o-2', W1 + 2_000),
    simple('rejected', 'o-2', W1 + 2_100),
    created('o-3', W1 + 3_000),
    simple('reserved', 'o-3', W1 + 3_100),
    simple('paymentFailed', 'o-3', W1 + 3_500),
    simple('released', 'o-3', W1 + 3_600),
    created('o-4', W1 + 59_000),
    simple('reserved', 'o-4', W1 + 59_500),
    confirmed('o-4', W2 + 5_000, 700, 'USD'),
    simple('notificationsSent', 'o-4', W2 + 5_100),
  ];

  const replay = async (events: MetricEvent[]) => {
    const { metrics, repository } = freshMetrics();
    for (const event of events) await metrics.record(event);
    return {
      metrics,
      repository,
      snapshots: [await snapshotOf(repository, W1), await snapshotOf(repository, W2)],
    };
  };

  it('keeps per-minute figures by event time, with time to confirm in the window of the confirmation', async () => {
    const { snapshots } = await replay(history);
    expect(snapshots).toEqual([
      {
        windowStart: W1,
        windowEnd: W2,
        // One change per published event counted in the window (not o-3's release), and one for o-1's time
        // to confirm.
        version: 11,
        ordersCreated: 4,
        revenueCents: { EUR: 1_000 },
        reserved: 3,
        rejected: 1,
        paymentFailed: 1,
        confirmed: 1,
        timeToConfirm: { count: 1, sumMs: 3_000, maxMs: 3_000 },
        ordersByChannel: { WEB: 4 },
      },
      {
        windowStart: W2,
        windowEnd: W2 + 60_000,
        // o-4's confirmation and its time to confirm; its notification changes no snapshot.
        version: 2,
        ordersCreated: 0,
        revenueCents: { USD: 700 },
        reserved: 0,
        rejected: 0,
        paymentFailed: 0,
        confirmed: 1,
        timeToConfirm: { count: 1, sumMs: 6_000, maxMs: 6_000 },
        ordersByChannel: {},
      },
    ]);
  });

  it('yields the same figures when the events arrive in a different order (each confirmation before its order)', async () => {
    const inOrder = await replay(history);
    const reversed = await replay([...history].reverse());
    expect(reversed.snapshots).toEqual(inOrder.snapshots);
  });

  it('gives every snapshot of a window the version of its figures: the highest is the final state, whatever order they are published in (F14)', async () => {
    const { metrics, repository } = freshMetrics();
    // Twenty orders of one window counted at once, as parallel keys and late retries do.
    const snapshots = (
      await Promise.all(
        Array.from({ length: 20 }, (_, index) => metrics.record(created(`o-par-${index}`, W1 + index))),
      )
    ).flat();
    const byVersion = new Map(snapshots.map((snapshot) => [snapshot.version, snapshot]));
    // Equal versions, equal figures: the version names one state of the window.
    expect(
      snapshots.every(
        (snapshot) => byVersion.get(snapshot.version)?.ordersCreated === snapshot.ordersCreated,
      ),
    ).toBe(true);
    expect(snapshots.every((snapshot) => snapshot.ordersCreated === snapshot.version)).toBe(true);
    const newest = snapshots.reduce((a, b) => (b.version > a.version ? b : a));
    expect(newest).toEqual(await snapshotOf(repository, W1));
    expect(newest).toMatchObject({ version: 20, ordersCreated: 20 });
  });

  it('asks for the current figures once per record that lands at the highest offset below a higher version (F14)', async () => {
    const { metrics } = freshMetrics();
    const snapshots: WindowMetrics[] = [];
    for (let index = 1; index <= 4; index += 1) {
      snapshots.push(...(await metrics.record(created(`o-landed-${index}`, W1 + index))));
    }
    const [v1, v2, v3, v4] = snapshots;
    const at = (offset: number, partition = 0) => ({ partition, offset: String(offset) });

    // In order: nothing to republish, though the window's version is already ahead of each record.
    expect(await metrics.landed(v1!, at(0))).toBeUndefined();
    expect(await metrics.landed(v2!, at(1))).toBeUndefined();
    // v1 again lands highest, below v2: its own step asks for the current figures.
    expect(await metrics.landed(v1!, at(2))).toMatchObject({ version: 4, ordersCreated: 4 });
    // A record that landed before the highest, noted late, while the highest is already known stale: the
    // republish asked for covers it too.
    expect(await metrics.landed(v3!, at(1))).toBeUndefined();
    // The republished figures land highest: nothing more.
    expect(await metrics.landed(v4!, at(3))).toBeUndefined();
    // The highest (v4 at 3) noted first, then a higher version that landed before it: that step asks.
    const [v5] = await metrics.record(created('o-landed-5', W1 + 5));
    expect(await metrics.landed(v4!, at(5))).toBeUndefined();
    expect(await metrics.landed(v5!, at(4))).toMatchObject({ version: 5 });
    // Offsets of another partition are not compared with these.
    expect(await metrics.landed(v1!, at(0, 1))).toBeUndefined();
  });

  it('changes nothing when everything is replayed from the beginning', async () => {
    const { metrics, repository, snapshots } = await replay(history);
    for (const event of history) await metrics.record(event);
    expect([await snapshotOf(repository, W1), await snapshotOf(repository, W2)]).toEqual(snapshots);
  });

  it('order.created arriving after its confirmation completes the time to confirm and republishes that window', async () => {
    const { metrics } = freshMetrics();
    await metrics.record(confirmed('o-late', W2 + 30_000, 900));
    const published = await metrics.record(created('o-late', W1 + 50_000));
    expect(published.map((snapshot) => snapshot.windowStart)).toEqual([W1, W2]);
    expect(published[0]).toMatchObject({
      ordersCreated: 1,
      timeToConfirm: { count: 0, sumMs: 0, maxMs: null },
    });
    expect(published[1]).toMatchObject({
      confirmed: 1,
      timeToConfirm: { count: 1, sumMs: 40_000, maxMs: 40_000 },
    });
  });

  it('counts time to confirm once when order.created and payment.completed race for the same order', async () => {
    const { metrics, repository } = freshMetrics();
    // Sent on one connection in this order: order.created reads the (absent) confirmation, then
    // payment.completed is applied, so order.created's script finds a stale confirmation and retries.
    await Promise.all([
      metrics.record(created('o-race', W1 + 1_000)),
      metrics.record(confirmed('o-race', W1 + 3_000, 100)),
    ]);
    expect(await snapshotOf(repository, W1)).toMatchObject({
      ordersCreated: 1,
      confirmed: 1,
      timeToConfirm: { count: 1, sumMs: 2_000, maxMs: 2_000 },
    });
  });

  it('never counts a negative time to confirm when clocks disagree', async () => {
    const { metrics, repository } = freshMetrics();
    await metrics.record(created('o-skew', W1 + 5_000));
    await metrics.record(confirmed('o-skew', W1 + 4_990, 100));
    expect((await snapshotOf(repository, W1)).timeToConfirm).toEqual({ count: 1, sumMs: 0, maxMs: 0 });
  });

  it('lets every key it writes expire', async () => {
    const { metrics, prefix } = freshMetrics();
    await metrics.record(created('o-ttl', W1));
    await metrics.record(confirmed('o-ttl', W1 + 1, 1));
    const keys = await redis.keys(`${prefix}*`);
    // The window's figures, the order's timestamps and each event's applied record.
    expect(keys.length).toBe(4);
    for (const key of keys) {
      expect(await redis.ttl(key)).toBeGreaterThan(23 * 60 * 60);
    }
  });

  it('reports Redis trouble as a retriable DEPENDENCY_UNAVAILABLE, like every service', async () => {
    const closed = new Redis(integrationSettings().redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0 });
    closed.disconnect();
    const offline = new MetricsRepository({ redis: closed, topicPrefix: 'offline.', stateTtlDays: 1 });
    await expect(offline.apply(created('order-offline', Date.now()))).rejects.toMatchObject({
      code: 'DEPENDENCY_UNAVAILABLE',
      retriable: true,
    });
  });
});
