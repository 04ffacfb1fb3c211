import { Inject, Injectable } from '@nestjs/common';

import type { OutboxEvent } from '@orderflow/service-runtime';
import { OrderflowError } from '@orderflow/errors';

import type { ChargeResult, PaymentGateway } from './payment-gateway';
import { PaymentLedgerRepository, type LedgerResult } from './payment-ledger.repository';
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

/** What a charge runs under: the event, as the runtime hands it to the handler. */
export interface PaymentContext {
  group: string;
  eventId: string;
  /** Aborted past the handler's deadline: no charge may start then (one that was made is still recorded). */
  signal: AbortSignal;
  /** The events announcing an outcome, as outbox rows (the handler builds them). */
  announce: (outcome: PaymentOutcome) => Promise<OutboxEvent[]>;
}

/**
 * Charges an order once per inventory.reserved event. An event the inbox already holds ends there (no
 * charge); an order with a recorded outcome is not charged again; otherwise the gateway is asked with the
 * orderId as idempotency key. Then one transaction records the event as handled, the outcome (the first
 * recorded for the order stands) and the events announcing it: all of it, or none of it and the event is
 * delivered again. A charge the gateway answered is recorded even if the deadline passed meanwhile: the
 * runtime has sent the event on to its retry tier by then, and that copy finds the outcome in the ledger
 * instead of asking the gateway again. The inbox makes the late transaction and the retry's one a no-op
 * for whichever comes second.
 */
@Injectable()
export class PaymentService {
  constructor(
    @Inject(PAYMENT_GATEWAY) private readonly gateway: PaymentGateway,
    private readonly ledger: PaymentLedgerRepository,
  ) {}

  async pay(request: PaymentRequest, context: PaymentContext): Promise<LedgerResult> {
    checkPaymentRequest(request);
    const { group, eventId } = context;
    if (await this.ledger.isProcessed(group, eventId)) return { state: 'duplicate' };
    const outcome = (await this.ledger.find(request.orderId)) ?? (await this.charge(request, context.signal));
    return this.ledger.record({ group, eventId, request, outcome, announce: context.announce });
  }

  private async charge(request: PaymentRequest, signal: AbortSignal): Promise<PaymentOutcome> {
    signal.throwIfAborted();
    const result = await this.gateway.charge({ ...request, idempotencyKey: request.orderId }, signal);
    return paymentOutcome(request, result, Date.now());
  }
}
