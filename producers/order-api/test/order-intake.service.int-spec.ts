import { randomUUID } from 'node:crypto';

import { Redis } from 'ioredis';

import { OrderflowError } from '@orderflow/errors';
import type { EventPublisher, PublishOptions, PublishRequest, RecordPosition } from '@orderflow/kafka';
import { createLogger } from '@orderflow/logging';
import { integrationSettings, uniqueName, waitFor } from '@orderflow/testing';

import { bodyHash } from '../src/canonical-json';
import { IdempotencyKeysRepository } from '../src/idempotency-keys.repository';
import { OrderIntakeService, type SubmissionOutcome } from '../src/order-intake.service';
import type { OrderRequest } from '../src/order-request.schema';
import { OrderStatusRepository } from '../src/order-status.repository';

/**
 * Stands in for Kafka: records what was published, fails like an unreachable broker while `down`, or like
 * a broker that took the records and did not answer in time while `unacknowledged` (they count as
 * published: that is the case to get right), and holds the next publish until `release()` when `held`.
 */
class RecordingPublisher implements EventPublisher {
  readonly published: PublishRequest[] = [];
  readonly deadlines: (number | undefined)[] = [];
  down = false;
  unacknowledged = false;
  held: Promise<void> | undefined;

  async publish(requests: PublishRequest[], options: PublishOptions = {}): Promise<RecordPosition[]> {
    this.deadlines.push(options.deadline);
    await Promise.resolve();
    if (this.down) {
      throw new OrderflowError('DEPENDENCY_UNAVAILABLE', 'Kafka is unavailable; retry later.', {
        retriable: true,
      });
    }
    const held = this.held;
    this.held = undefined;
    await held;
    this.published.push(...requests);
    if (this.unacknowledged) {
      throw new OrderflowError('PUBLISH_OUTCOME_UNKNOWN', 'no acknowledgement within 10 ms', {
        retriable: true,
      });
    }
    return requests.map((_, index) => ({
      partition: 0,
      offset: String(this.published.length - requests.length + index),
    }));
  }

  async disconnect(): Promise<void> {}
}

// The intake's idempotency protocol against the real Redis (Kafka replaced by a recorder, which the
// HTTP end-to-end test does not need to replace).
describe('OrderIntakeService with Idempotency-Key against Redis', () => {
  const redis = new Redis(integrationSettings().redisUrl, { lazyConnect: true });
  const prefix = `${uniqueName('order-api-intake')}.`;
  const runtime = { topicPrefix: prefix };
  const statusViews = new OrderStatusRepository({
    redis,
    topicPrefix: runtime.topicPrefix,
    statusTtlSeconds: 3600,
  });
  const idempotencyKeys = new IdempotencyKeysRepository({ redis, topicPrefix: runtime.topicPrefix });
  const logger = createLogger({ service: 'order-api', write: () => undefined });

  const serviceWith = (publisher: EventPublisher, leaseMs = 30_000) =>
    new OrderIntakeService(
      publisher,
      logger,
      { publishTimeoutMs: 10_000, idempotency: { ttlSeconds: 3600, leaseMs, waitMs: 10_000 } },
      statusViews,
      idempotencyKeys,
    );

  const order: OrderRequest = {
    customerId: 'customer-1',
    items: [{ sku: 'SKU-A', quantity: 2, unitPriceCents: 1250 }],
    currency: 'EUR',
  };
  const submission = (key: string, body: OrderRequest = order) => ({
    order: body,
    correlationId: randomUUID(),
    receivedAt: Date.now(),
    idempotency: { key, bodyHash: bodyHash(body) },
  });

  afterAll(async () => {
    const stored = await redis.keys(`${prefix}*`);
    if (stored.length > 0) await redis.del(...stored);
    await redis.quit();
  });

  it('publishes exactly one order.created for 5 concurrent identical submissions, all answered alike', async () => {
    const publisher = new RecordingPublisher();
    const intake = serviceWith(publisher);
    const key = randomUUID();

    const outcomes = await Promise.all(Array.from({ length: 5 }, () => intake.submit(submission(key))));

    expect(publisher.published).toHaveLength(1);
    const [published] = publisher.published;
    expect(published).toMatchObject({ topic: 'order.created', value: { totalCents: 2500, currency: 'EUR' } });
    const expected = { orderId: published?.key, status: 'PENDING', totalCents: 2500, currency: 'EUR' };
    for (const outcome of outcomes) expect(outcome).toMatchObject({ kind: 'accepted', order: expected });
    expect(outcomes.filter((outcome) => outcome.kind === 'accepted' && !outcome.replayed)).toHaveLength(1);
    expect(await statusViews.find(String(published?.key))).toMatchObject({ status: 'PENDING' });
  });

  it('answers a later retry with the stored order, publishing nothing', async () => {
    const publisher = new RecordingPublisher();
    const intake = serviceWith(publisher);
    const key = randomUUID();
    const first = await intake.submit(submission(key));
    const retry = await intake.submit(submission(key));
    expect(retry).toEqual({ ...first, replayed: true });
    expect(publisher.published).toHaveLength(1);
  });

  it('refuses the same key with a different body', async () => {
    const publisher = new RecordingPublisher();
    const intake = serviceWith(publisher);
    const key = randomUUID();
    await intake.submit(submission(key));
    const other = { ...order, currency: 'USD' };
    expect(await intake.submit(submission(key, other))).toEqual<SubmissionOutcome>({
      kind: 'idempotency-key-reused',
    });
    expect(publisher.published).toHaveLength(1);
  });

  it('counts the publish deadline from the request arrival, not from after the key was claimed', async () => {
    const publisher = new RecordingPublisher();
    const intake = serviceWith(publisher);
    const receivedAt = Date.now() - 4_000;

    await intake.submit({ ...submission(randomUUID()), receivedAt });

    expect(publisher.deadlines).toEqual([receivedAt + 10_000]);
  });

  it('releases the key when publishing fails, so a retry places the same order', async () => {
    const publisher = new RecordingPublisher();
    const intake = serviceWith(publisher);
    const key = randomUUID();
    publisher.down = true;

    await expect(intake.submit(submission(key))).rejects.toMatchObject({
      code: 'DEPENDENCY_UNAVAILABLE',
      retriable: true,
    });
    expect(await idempotencyKeys.read(key)).toMatchObject({ state: 'claimed', leaseUntil: 0 });

    publisher.down = false;
    const retry = await intake.submit(submission(key));
    expect(retry).toMatchObject({ kind: 'accepted', replayed: false });
    expect(publisher.published).toHaveLength(1);
  });

  it('answers an unacknowledged publish "outcome unknown" with the orderId, and its retry publishes the very same event (F1)', async () => {
    const publisher = new RecordingPublisher();
    const intake = serviceWith(publisher);
    const key = randomUUID();
    publisher.unacknowledged = true;
    const first = await intake.submit(submission(key));
    expect(first).toEqual({ kind: 'outcome-unknown', orderId: expect.any(String) as unknown });

    publisher.unacknowledged = false;
    const retry = await intake.submit(submission(key));
    expect(retry).toMatchObject({
      kind: 'accepted',
      order: { orderId: (first as { orderId: string }).orderId },
    });
    const [once, again] = publisher.published;
    expect(again?.value).toEqual(once?.value);
    expect(again?.key).toBe(once?.key);
  });

  it('answers with the stored order when its lease ended mid-publish and another request completed the key (F2)', async () => {
    const publisher = new RecordingPublisher();
    const intake = serviceWith(publisher, 50);
    const key = randomUUID();
    let release = (): void => undefined;
    publisher.held = new Promise<void>((resolve) => (release = resolve));
    const slow = intake.submit(submission(key));
    await waitFor(async () => ((await idempotencyKeys.read(key))?.state === 'claimed' ? true : undefined), {
      description: 'the first claim',
      timeoutMs: 5_000,
    });
    // The first request's 50 ms lease runs out while it waits on the broker; a retry takes the key over.
    const retry = await waitFor(
      async () => {
        const outcome = await intake.submit(submission(key));
        return outcome.kind === 'accepted' ? outcome : undefined;
      },
      { description: 'the retry to take the key over', timeoutMs: 5_000 },
    );
    release();
    const first = await slow;

    expect(first).toEqual({ kind: 'accepted', order: retry.order, replayed: true });
    expect(new Set(publisher.published.map((request) => request.value.eventId)).size).toBe(1);
    expect(new Set(publisher.published.map((request) => JSON.stringify(request.value))).size).toBe(1);
  });

  it('stores no status view for an order that was not published', async () => {
    const statusKeys = () => redis.keys(`${prefix}order-api:status:*`);
    const before = await statusKeys();
    const publisher = new RecordingPublisher();
    publisher.down = true;
    await expect(
      serviceWith(publisher).submit({ order, correlationId: 'c-1', receivedAt: Date.now() }),
    ).rejects.toThrow(OrderflowError);
    expect((await statusKeys()).sort()).toEqual(before.sort());
  });

  it('places a new order for every submission without a key', async () => {
    const publisher = new RecordingPublisher();
    const intake = serviceWith(publisher);
    await Promise.all([
      intake.submit({ order, correlationId: 'c-1', receivedAt: Date.now() }),
      intake.submit({ order, correlationId: 'c-2', receivedAt: Date.now() }),
    ]);
    expect(publisher.published).toHaveLength(2);
    expect(publisher.published.map((request) => request.trace.correlationId).sort()).toEqual(['c-1', 'c-2']);
  });
});
