import { Redis } from 'ioredis';

import { integrationSettings, uniqueName } from '@orderflow/testing';

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
    expect(await records.find('order-a')).toBeUndefined();
    expect(await records.recordFirst('order-a', completed)).toEqual(completed);
    expect(await records.recordFirst('order-a', failed)).toEqual(completed);
    expect(await records.find('order-a')).toEqual(completed);
    const ttl = await redis.ttl(records.key('order-a'));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(600);
  });

  it('keeps a failed outcome with its null paymentId', async () => {
    expect(await records.recordFirst('order-b', failed)).toEqual(failed);
    expect(await records.find('order-b')).toEqual(failed);
  });

  it('a redelivered order is answered from the record: one charge, the same outcome', async () => {
    const gateway = countingGateway(0.5);
    const service = new PaymentService(gateway, records);
    const request = { orderId: 'order-c', customerId: 'c-1', amountCents: 2500, currency: 'EUR' };
    const first = await service.pay(request);
    const again = await service.pay(request);
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
    const [first, second] = await Promise.all([service.pay(request), service.pay(request)]);
    expect(second).toEqual(first);
    expect(await records.find('order-d')).toEqual(first);
  });

  it('refuses a record it cannot read as STATE_INVALID (non-retriable)', async () => {
    await redis.set(records.key('order-e'), '{"status":"maybe"}');
    await expect(records.find('order-e')).rejects.toMatchObject({ code: 'STATE_INVALID', retriable: false });
  });
});
