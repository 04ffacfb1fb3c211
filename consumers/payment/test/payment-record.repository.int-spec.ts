import { Redis } from 'ioredis';

import { createIdempotencyStore } from '@orderflow/idempotency';
import { integrationSettings, uniqueName, waitFor } from '@orderflow/testing';

import type { ChargeRequest, PaymentGateway } from '../src/payment-gateway';
import { PaymentRecordRepository } from '../src/payment-record.repository';
import { PaymentService } from '../src/payment.service';
import type { PaymentOutcome } from '../src/payment.types';
import { SimulatedPaymentGateway } from '../src/simulated-payment-gateway';

// The per-order payment record against the real Redis: first outcome wins, redeliveries never charge twice.
describe('payment idempotency against Redis', () => {
  const redis = new Redis(integrationSettings().redisUrl, { lazyConnect: true });
  const topicPrefix = `${uniqueName('payment')}.`;
  const records = new PaymentRecordRepository({ redis, topicPrefix, ttlSeconds: 600 });
  const leases = createIdempotencyStore({ redis, keyPrefix: topicPrefix, leaseMs: 30_000 });
  let events = 0;
  /** The lease on an event, as the runtime takes it before calling the handler. */
  const leaseOn = async (eventId = `evt-${++events}`) => {
    const claimed = await leases.begin('payment', eventId);
    if (claimed.state !== 'acquired') throw new Error(`expected to lease ${eventId}, found ${claimed.state}`);
    return { signal: new AbortController().signal, fence: claimed.fence };
  };

  /** The simulated gateway, counting the charges that reach it. */
  const countingGateway = (failureRate: number): PaymentGateway & { charges: ChargeRequest[] } => {
    const simulated = new SimulatedPaymentGateway({ latencyMs: 5, failureRate, seed: 'int-test' });
    const charges: ChargeRequest[] = [];
    return {
      charges,
      charge: (request) => {
        charges.push(request);
        return simulated.charge(request);
      },
    };
  };

  afterAll(async () => {
    const keys = await redis.keys(`${topicPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  const completed: PaymentOutcome = {
    status: 'completed',
    paymentId: 'pay-1',
    amountCents: 500,
    currency: 'EUR',
  };
  const failed: PaymentOutcome = {
    status: 'failed',
    paymentId: null,
    reason: 'card declined',
    amountCents: 500,
    currency: 'EUR',
  };

  it('keeps the first recorded outcome of an order, with a TTL', async () => {
    const { fence } = await leaseOn();
    expect(await records.find('order-a')).toBeUndefined();
    expect(await records.recordFirst('order-a', completed, fence)).toEqual(completed);
    expect(await records.recordFirst('order-a', failed, fence)).toEqual(completed);
    expect(await records.find('order-a')).toEqual(completed);
    const ttl = await redis.ttl(records.key('order-a'));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(600);
  });

  it('keeps a failed outcome with its null paymentId', async () => {
    expect(await records.recordFirst('order-b', failed, (await leaseOn()).fence)).toEqual(failed);
    expect(await records.find('order-b')).toEqual(failed);
  });

  it('a redelivered order is answered from the record: one charge, the same outcome', async () => {
    const gateway = countingGateway(0.5);
    const service = new PaymentService(gateway, records);
    const request = { orderId: 'order-c', customerId: 'c-1', amountCents: 2500, currency: 'EUR' };
    const first = await service.pay(request, await leaseOn());
    const again = await service.pay(request, await leaseOn());
    expect(again).toEqual(first);
    expect(gateway.charges).toHaveLength(1);
    expect(await records.find('order-c')).toEqual(first);
  });

  it('two deliveries racing for one order announce the same outcome', async () => {
    // A gateway whose answers differ per call: only the first recorded one may be announced.
    let calls = 0;
    const flipping: PaymentGateway = {
      charge: () =>
        Promise.resolve(
          calls++ === 0
            ? { status: 'completed', paymentId: 'pay-race' }
            : { status: 'failed', paymentId: null, reason: 'declined' },
        ),
    };
    const service = new PaymentService(flipping, records);
    const request = { orderId: 'order-d', customerId: 'c-1', amountCents: 100, currency: 'EUR' };
    const [first, second] = await Promise.all([
      service.pay(request, await leaseOn()),
      service.pay(request, await leaseOn()),
    ]);
    expect(second).toEqual(first);
    expect(await records.find('order-d')).toEqual(first);
  });

  it('refuses a record it cannot read as STATE_INVALID (non-retriable)', async () => {
    await redis.set(records.key('order-e'), '{"status":"maybe"}');
    await expect(records.find('order-e')).rejects.toMatchObject({ code: 'STATE_INVALID', retriable: false });
  });

  it('a holder that lost its lease mid-charge cannot record: one outcome stands, every charge carries one idempotency key (F7)', async () => {
    const charges: ChargeRequest[] = [];
    let answerZombie: () => void = () => undefined;
    const gateway: PaymentGateway = {
      charge: (request) => {
        charges.push(request);
        const paymentId = `pay-${charges.length}`;
        if (charges.length > 1) return Promise.resolve({ status: 'completed', paymentId });
        return new Promise((resolve) => (answerZombie = () => resolve({ status: 'completed', paymentId })));
      },
    };
    const service = new PaymentService(gateway, records);
    const request = { orderId: 'order-z', customerId: 'c-1', amountCents: 700, currency: 'EUR' };
    const zombieLease = await leaseOn('evt-zombie');
    const zombie = service.pay(request, zombieLease).catch((error: unknown) => error);
    await waitFor(() => Promise.resolve(charges.length === 1 || undefined), {
      description: 'the zombie inside its charge',
      timeoutMs: 5_000,
    });
    // Its lease expires (a paused process) and the event's next delivery takes it over and charges.
    await redis.del(zombieLease.fence.key);
    const nextLease = await leaseOn('evt-zombie');
    const stands = await service.pay(request, nextLease);
    answerZombie();

    expect(await zombie).toMatchObject({ code: 'LEASE_LOST', retriable: true });
    expect(stands).toMatchObject({ status: 'completed', paymentId: 'pay-2' });
    expect(await records.find('order-z')).toEqual(stands);
    // Both calls carry the orderId as idempotency key: a real gateway takes the money once.
    expect(new Set(charges.map((charge) => charge.idempotencyKey))).toEqual(new Set(['order-z']));
    console.log(
      `F7 payment zombie: gateway calls ${charges.length}, idempotency keys 1, outcomes recorded 1 (${stands.paymentId}), fences ${zombieLease.fence.sequence} → ${nextLease.fence.sequence}`,
    );
  });
});
