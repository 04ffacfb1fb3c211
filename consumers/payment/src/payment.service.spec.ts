import { isOrderflowError, OrderflowError } from '@orderflow/errors';

import type { ChargeRequest, ChargeResult, PaymentGateway } from './payment-gateway';
import type { PaymentRecordRepository } from './payment-record.repository';
import { PaymentService } from './payment.service';
import type { PaymentOutcome } from './payment.types';

const request = { orderId: 'order-1', customerId: 'c-1', amountCents: 1999, currency: 'EUR' };
const lease = {
  signal: new AbortController().signal,
  fence: { key: 'idempotency:payment:evt-1', value: 'lease:t', sequence: 1 },
};

/** Records in a Map with the repository's first-wins contract (its Redis behaviour is an integration test). */
const memoryRecords = (): PaymentRecordRepository => {
  const outcomes = new Map<string, PaymentOutcome>();
  const records: Pick<PaymentRecordRepository, 'find' | 'recordFirst'> = {
    find: (orderId) => Promise.resolve(outcomes.get(orderId)),
    recordFirst: (orderId, outcome) => {
      if (!outcomes.has(orderId)) outcomes.set(orderId, outcome);
      return Promise.resolve(outcomes.get(orderId) ?? outcome);
    },
  };
  return records as PaymentRecordRepository;
};

const gatewayAnswering = (result: ChargeResult): PaymentGateway & { requests: ChargeRequest[] } => {
  const requests: ChargeRequest[] = [];
  return {
    requests,
    charge: (chargeRequest) => {
      requests.push(chargeRequest);
      return Promise.resolve(result);
    },
  };
};

describe('PaymentService', () => {
  it('charges with the orderId as idempotency key and announces the amount charged', async () => {
    const gateway = gatewayAnswering({ status: 'completed', paymentId: 'pay-1' });
    const service = new PaymentService(gateway, memoryRecords());
    expect(await service.pay(request, lease)).toEqual({
      status: 'completed',
      paymentId: 'pay-1',
      amountCents: 1999,
      currency: 'EUR',
      recordedAt: expect.any(Number) as number,
    });
    expect(gateway.requests).toEqual([{ ...request, idempotencyKey: 'order-1' }]);
  });

  it('turns a decline into a failed outcome with the reason', async () => {
    const gateway = gatewayAnswering({ status: 'failed', paymentId: null, reason: 'card declined' });
    const service = new PaymentService(gateway, memoryRecords());
    expect(await service.pay(request, lease)).toEqual({
      status: 'failed',
      paymentId: null,
      reason: 'card declined',
      amountCents: 1999,
      currency: 'EUR',
      recordedAt: expect.any(Number) as number,
    });
  });

  it('answers a redelivery from the record, recorded time included, without asking the gateway again (F8)', async () => {
    const gateway = gatewayAnswering({ status: 'completed', paymentId: 'pay-1' });
    const service = new PaymentService(gateway, memoryRecords());
    const first = await service.pay(request, lease);
    expect(first.recordedAt).toEqual(expect.any(Number));
    expect(await service.pay(request, lease)).toEqual(first);
    expect(gateway.requests).toHaveLength(1);
  });

  it.each([
    ['a negative amount', { amountCents: -1 }],
    ['a fractional amount', { amountCents: 1.5 }],
    ['a currency that is not ISO 4217', { currency: 'euro' }],
  ])('refuses %s as a non-retriable EVENT_INVALID without charging', async (_case, change) => {
    const gateway = gatewayAnswering({ status: 'completed', paymentId: 'pay-1' });
    const service = new PaymentService(gateway, memoryRecords());
    const error: unknown = await service
      .pay({ ...request, ...change }, lease)
      .catch((thrown: unknown) => thrown);
    expect(isOrderflowError(error, 'EVENT_INVALID')).toBe(true);
    expect(error).toMatchObject({ retriable: false });
    expect(gateway.requests).toHaveLength(0);
  });

  it('starts no charge once the lease is lost: the abort reason rejects, the gateway is not asked (F7)', async () => {
    const gateway = gatewayAnswering({ status: 'completed', paymentId: 'pay-1' });
    const service = new PaymentService(gateway, memoryRecords());
    const lost = new AbortController();
    lost.abort(new OrderflowError('LEASE_LOST', 'lease lost', { retriable: true }));
    await expect(service.pay(request, { ...lease, signal: lost.signal })).rejects.toMatchObject({
      code: 'LEASE_LOST',
    });
    expect(gateway.requests).toHaveLength(0);
  });
});
