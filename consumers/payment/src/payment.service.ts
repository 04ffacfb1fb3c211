import { Inject, Injectable } from '@nestjs/common';

import type { FencingToken } from '@orderflow/service-runtime';
import { OrderflowError } from '@orderflow/errors';

import type { ChargeResult, PaymentGateway } from './payment-gateway';
import { PaymentRecordRepository } from './payment-record.repository';
import type { PaymentOutcome, PaymentRequest } from './payment.types';
import { PAYMENT_GATEWAY } from './payment.tokens';

const invalid = (request: PaymentRequest, problem: string): OrderflowError =>
  new OrderflowError('EVENT_INVALID', `Order ${request.orderId} cannot be charged: ${problem}.`, {
    context: { orderId: request.orderId, amountCents: request.amountCents, currency: request.currency },
  });

/** A charge the contract cannot describe is a bad event (DLQ), not something a retry fixes. */
export const checkPaymentRequest = (request: PaymentRequest): void => {
  if (!Number.isSafeInteger(request.amountCents) || request.amountCents < 0) {
    throw invalid(
      request,
      `amount ${request.amountCents} is not a whole, non-negative number of minor units`,
    );
  }
  if (!/^[A-Z]{3}$/.test(request.currency))
    throw invalid(request, `currency "${request.currency}" is not ISO 4217`);
};

export const paymentOutcome = (
  request: PaymentRequest,
  result: ChargeResult,
  recordedAt: number,
): PaymentOutcome => {
  const amount = { amountCents: request.amountCents, currency: request.currency };
  return result.status === 'completed'
    ? { status: 'completed', paymentId: result.paymentId, ...amount, recordedAt }
    : { status: 'failed', paymentId: result.paymentId, reason: result.reason, ...amount, recordedAt };
};

/** What a charge runs under: the event's lease, as the runtime hands it to the handler. */
export interface PaymentLease {
  /** Aborted once the lease is lost or the deadline passed: no charge may start then. */
  signal: AbortSignal;
  fence: FencingToken;
}

/**
 * Charges an order once: a recorded outcome is returned as is (a redelivery never reaches the gateway);
 * otherwise the gateway is asked with the orderId as idempotency key, and the first recorded answer wins.
 * A charge starts only while the lease holds, and its outcome is recorded only if the lease still holds
 * then: a holder that lost it mid-charge (a paused process) leaves the record to the next holder, whose
 * charge the gateway deduplicates on the same idempotency key.
 */
@Injectable()
export class PaymentService {
  constructor(
    @Inject(PAYMENT_GATEWAY) private readonly gateway: PaymentGateway,
    private readonly records: PaymentRecordRepository,
  ) {}

  async pay(request: PaymentRequest, lease: PaymentLease): Promise<PaymentOutcome> {
    checkPaymentRequest(request);
    const recorded = await this.records.find(request.orderId);
    if (recorded) return recorded;
    lease.signal.throwIfAborted();
    const result = await this.gateway.charge({ ...request, idempotencyKey: request.orderId }, lease.signal);
    return this.records.recordFirst(
      request.orderId,
      paymentOutcome(request, result, Date.now()),
      lease.fence,
    );
  }
}
