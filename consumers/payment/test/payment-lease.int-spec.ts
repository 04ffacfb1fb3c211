import Redis from 'ioredis';

import type { InventoryReserved, PaymentCompleted } from '@orderflow/contracts';
import { startService, type RunningService } from '@orderflow/service-runtime';
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

import { readPaymentConfig } from '../src';
import type { ChargeRequest, ChargeResult, PaymentGateway } from '../src/payment-gateway';
import { PaymentModule } from '../src/payment.module';

const topics = narrowTopicsFile(loadTopicsFile(), { group: 'payment', partitions: 1, retry: ['300ms'] });

// Short enough to see a lost lease within a second; the deadline stays below the lease.
const LEASE_MS = 3_000;

/** A gateway whose first charge hangs until the test answers it (a slow provider), later ones answer at once. */
const slowFirstGateway = () => {
  const charges: { request: ChargeRequest; signal: AbortSignal | undefined }[] = [];
  let answerFirst: () => void = () => undefined;
  const gateway: PaymentGateway = {
    charge: (request, signal) => {
      charges.push({ request, signal });
      const result: ChargeResult = { status: 'completed', paymentId: `pay-${charges.length}` };
      if (charges.length > 1) return Promise.resolve(result);
      return new Promise((resolve) => (answerFirst = () => resolve(result)));
    },
  };
  return { gateway, charges, answerFirst: () => answerFirst() };
};

describe('payment on the real stack: a handler that loses its lease mid-charge', () => {
  let namespace: TestNamespace;
  let serde: AvroSerde;
  let service: RunningService;
  let redis: Redis;
  let completed: EventCollector<PaymentCompleted> | undefined;
  const gateway = slowFirstGateway();

  beforeAll(async () => {
    namespace = createTestNamespace('payment-lease');
    ({ serde } = await provisionNamespace(namespace, { topics }));
    redis = new Redis(namespace.settings.redisUrl);
    const config = readPaymentConfig({
      ...process.env,
      LOG_LEVEL: 'error',
      PAYMENT_PORT: '0',
      IDEMPOTENCY_LEASE_MS: String(LEASE_MS),
      CONSUMER_SESSION_TIMEOUT_MS: '10000',
    });
    service = await startService({
      module: PaymentModule.forRoot(config, { gateway: gateway.gateway }),
      runtime: { ...config.runtime, topicPrefix: namespace.prefix },
      topics,
    });
    await service.whenConsuming();
    completed = await collectEvents(
      namespace,
      'payment.completed',
      async (value) => (await serde.decode(value)).value as PaymentCompleted,
    );
  }, 60_000);

  afterAll(async () => {
    await completed?.stop();
    await service?.close();
    redis?.disconnect();
    await namespace?.cleanup();
  }, 60_000);

  it('aborts its signal, cannot record its late outcome, and the next holder’s charge is the one announced (F7)', async () => {
    const reserved: InventoryReserved = {
      eventId: 'evt-reserved-zombie',
      occurredAt: Date.parse('2026-11-21T12:00:00.000Z'),
      orderId: 'order-zombie',
      customerId: 'c-1',
      lines: [{ sku: 'SKU-1', quantity: 1 }],
      totalCents: 900,
      currency: 'EUR',
    };
    await produceRecords(namespace, 'inventory.reserved', [
      { key: reserved.orderId, value: await serde.encode('inventory.reserved', reserved) },
    ]);
    await waitFor(() => Promise.resolve(gateway.charges.length === 1 || undefined), {
      description: 'the first charge under way',
      timeoutMs: 15_000,
    });
    // The lease expires under its holder (a process paused past it): the key is gone at the next renewal.
    const lost = Date.now();
    await redis.del(`${namespace.prefix}idempotency:payment:${reserved.eventId}`);
    const zombieSignal = gateway.charges[0]!.signal!;
    await waitFor(() => Promise.resolve(zombieSignal.aborted || undefined), {
      description: 'the zombie’s signal aborted',
      timeoutMs: LEASE_MS,
    });
    const abortedAfterMs = Date.now() - lost;
    expect(zombieSignal.reason).toMatchObject({ code: 'LEASE_LOST' });
    // The provider answers the zombie only now: its outcome must not be recorded or announced.
    gateway.answerFirst();

    const [announced] = await waitFor(
      () => Promise.resolve(completed?.events.length ? completed.events : undefined),
      { description: 'payment.completed announced', timeoutMs: 15_000 },
    );
    expect(announced?.value).toMatchObject({ orderId: 'order-zombie', paymentId: 'pay-2' });
    expect(gateway.charges).toHaveLength(2);
    expect(new Set(gateway.charges.map(({ request }) => request.idempotencyKey))).toEqual(
      new Set(['order-zombie']),
    );
    const stored = JSON.parse(
      (await redis.get(`${namespace.prefix}payment:outcome:order-zombie`)) ?? '{}',
    ) as {
      paymentId?: string;
    };
    expect(stored.paymentId).toBe('pay-2');
    await waitFor(
      async () =>
        (await redis.get(`${namespace.prefix}idempotency:payment:${reserved.eventId}`)) === 'done' ||
        undefined,
      { description: 'the event marked done by its second holder', timeoutMs: 10_000 },
    );
    expect(completed?.events).toHaveLength(1);
    console.log(
      `F7 payment service: signal aborted ${abortedAfterMs} ms after the lease was lost; gateway calls 2 (one idempotency key), outcome recorded and announced once (pay-2)`,
    );
  });
});
