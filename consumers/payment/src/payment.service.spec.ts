import { isOrderflowError, OrderflowError } from '@orderflow/errors';

import type { ChargeRequest, ChargeResult, PaymentGateway } from './payment-gateway';
import type { LedgerResult, PaymentLedgerRepository } from './payment-ledger.repository';
import { PaymentService, type PaymentContext } from './payment.service';
import type { PaymentOutcome } from './payment.types';

const request = { orderId: 'order-1', customerId: 'c-1', amountCents: 1999, currency: 'EUR' };
const lease: PaymentContext = {
  group: 'payment',
  eventId: 'evt-1',
  signal: new AbortController().signal,
  announce: () => Promise.resolve([]),
};

/** The ledger's contract in Maps: inbox per event, first outcome per order (PostgreSQL's is an integration test). */
const memoryRecords = (): PaymentLedgerRepository => {
  const outcomes = new Map<string, PaymentOutcome>();
  const inbox = new Set<string>();
  const records: Pick<PaymentLedgerRepository, 'find' | 'isProcessed' | 'record'> = {
    isProcessed: (group, eventId) => Promise.resolve(inbox.has(`${group}/${eventId}`)),
    find: (orderId) => Promise.resolve(outcomes.get(orderId)),
    record: ({ group, eventId, request: charged, outcome }): Promise<LedgerResult> => {
      if (inbox.has(`${group}/${eventId}`)) return Promise.resolve({ state: 'duplicate' });
      inbox.add(`${group}/${eventId}`);
      if (!outcomes.has(charged.orderId)) outcomes.set(charged.orderId, outcome);
      return Promise.resolve({ state: 'recorded', outcome: outcomes.get(charged.orderId) ?? outcome });
    },
  };
  return records as PaymentLedgerRepository;
};

const recorded = (result: LedgerResult): PaymentOutcome => {
  if (result.state !== 'recorded') throw new Error(`expected a recorded outcome, got ${result.state}`);
  return result.outcome;
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
    expect(recorded(await service.pay(request, lease))).toEqual({
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
    expect(recorded(await service.pay(request, lease))).toEqual({
      status: 'failed',
      paymentId: null,
      reason: 'card declined',
      amountCents: 1999,
      currency: 'EUR',
      recordedAt: expect.any(Number) as number,
    });
  });

  it('ends a redelivered event at the inbox, without asking the gateway again', async () => {
    const gateway = gatewayAnswering({ status: 'completed', paymentId: 'pay-1' });
    const service = new PaymentService(gateway, memoryRecords());
    await service.pay(request, lease);
    expect(await service.pay(request, lease)).toEqual({ state: 'duplicate' });
    expect(gateway.requests).toHaveLength(1);
  });

  it('answers another event of a charged order from the ledger, recorded time included (F8)', async () => {
    const gateway = gatewayAnswering({ status: 'completed', paymentId: 'pay-1' });
    const service = new PaymentService(gateway, memoryRecords());
    const first = recorded(await service.pay(request, lease));
    expect(first.recordedAt).toEqual(expect.any(Number));
    expect(recorded(await service.pay(request, { ...lease, eventId: 'evt-2' }))).toEqual(first);
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

  it('records a charge the gateway answered after the deadline passed: the retried event is not charged again', async () => {
    const deadline = new AbortController();
    const requests: ChargeRequest[] = [];
    // The gateway answers just as the handler's deadline passes.
    const gateway: PaymentGateway = {
      charge: (chargeRequest) => {
        requests.push(chargeRequest);
        deadline.abort(new OrderflowError('DEADLINE_EXCEEDED', 'deadline passed', { retriable: true }));
        return Promise.resolve({ status: 'completed', paymentId: 'pay-1' });
      },
    };
    const service = new PaymentService(gateway, memoryRecords());
    const late = { ...lease, signal: deadline.signal };
    expect(recorded(await service.pay(request, late))).toMatchObject({
      status: 'completed',
      paymentId: 'pay-1',
    });
    // The runtime sent the event to its retry tier meanwhile; that copy (same event id) ends at the inbox.
    expect(await service.pay(request, lease)).toEqual({ state: 'duplicate' });
    expect(requests).toHaveLength(1);
  });

  it('starts no charge past the handler deadline: the abort reason rejects, the gateway is not asked (F7)', async () => {
    const gateway = gatewayAnswering({ status: 'completed', paymentId: 'pay-1' });
    const service = new PaymentService(gateway, memoryRecords());
    const late = new AbortController();
    late.abort(new OrderflowError('DEADLINE_EXCEEDED', 'deadline passed', { retriable: true }));
    await expect(service.pay(request, { ...lease, signal: late.signal })).rejects.toMatchObject({
      code: 'DEADLINE_EXCEEDED',
    });
    expect(gateway.requests).toHaveLength(0);
  });
});
