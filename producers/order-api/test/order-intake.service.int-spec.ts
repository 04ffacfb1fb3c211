import { randomUUID } from 'node:crypto';

import { Redis } from 'ioredis';

import { OrderflowError } from '@orderflow/errors';
import type { EventPublisher, PublishRequest } from '@orderflow/kafka';
import { createLogger } from '@orderflow/logging';
import { integrationSettings, uniqueName } from '@orderflow/testing';

import { bodyHash } from '../src/canonical-json';
import { IdempotencyKeysRepository } from '../src/idempotency-keys.repository';
import { OrderIntakeService, type SubmissionOutcome } from '../src/order-intake.service';
import type { OrderRequest } from '../src/order-request.schema';
import { OrderStatusRepository } from '../src/order-status.repository';

/** Stands in for Kafka: records what was published, or fails like an unreachable broker while `down`. */
class RecordingPublisher implements EventPublisher {
  readonly published: PublishRequest[] = [];
  down = false;

  async publish(requests: PublishRequest[]): Promise<void> {
    await Promise.resolve();
    if (this.down) {
      throw new OrderflowError('DEPENDENCY_UNAVAILABLE', 'Kafka is unavailable; retry later.', {
        retriable: true,
      });
    }
    this.published.push(...requests);
  }

  async disconnect(): Promise<void> {}
}

// The intake's idempotency protocol against the real Redis (Kafka replaced by a recorder, which the
// HTTP end-to-end test does not need to replace).
describe('OrderIntakeService with Idempotency-Key against Redis', () => {
  const redis = new Redis(integrationSettings().redisUrl, { lazyConnect: true });
  const prefix = `${uniqueName('order-api-intake')}.`;
  const runtime = { topicPrefix: prefix };
  const statusViews = new OrderStatusRepository(redis, runtime, { statusTtlSeconds: 3600 });
  const idempotencyKeys = new IdempotencyKeysRepository(redis, runtime);
  const logger = createLogger({ service: 'order-api', write: () => undefined });

  const serviceWith = (publisher: EventPublisher) =>
    new OrderIntakeService(
      publisher,
      logger,
      { idempotency: { ttlSeconds: 3600, leaseMs: 30_000, waitMs: 10_000 } },
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

  it('releases the key when publishing fails, so a retry places the order', async () => {
    const publisher = new RecordingPublisher();
    const intake = serviceWith(publisher);
    const key = randomUUID();
    publisher.down = true;

    await expect(intake.submit(submission(key))).rejects.toMatchObject({
      code: 'DEPENDENCY_UNAVAILABLE',
      retriable: true,
    });
    expect(await idempotencyKeys.read(key)).toBeNull();

    publisher.down = false;
    const retry = await intake.submit(submission(key));
    expect(retry).toMatchObject({ kind: 'accepted', replayed: false });
    expect(publisher.published).toHaveLength(1);
  });

  it('stores no status view for an order that was not published', async () => {
    const statusKeys = () => redis.keys(`${prefix}order-api:status:*`);
    const before = await statusKeys();
    const publisher = new RecordingPublisher();
    publisher.down = true;
    await expect(serviceWith(publisher).submit({ order, correlationId: 'c-1' })).rejects.toThrow(
      OrderflowError,
    );
    expect((await statusKeys()).sort()).toEqual(before.sort());
  });

  it('places a new order for every submission without a key', async () => {
    const publisher = new RecordingPublisher();
    const intake = serviceWith(publisher);
    await Promise.all([
      intake.submit({ order, correlationId: 'c-1' }),
      intake.submit({ order, correlationId: 'c-2' }),
    ]);
    expect(publisher.published).toHaveLength(2);
    expect(publisher.published.map((request) => request.trace.correlationId).sort()).toEqual(['c-1', 'c-2']);
  });
});
