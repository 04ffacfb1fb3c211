import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';

import { followUp, type EventContext, type FollowUp } from '@orderflow/service-runtime';
import type { InventoryReserved } from '@orderflow/contracts';

import { PaymentService } from './payment.service';
import type { PaymentOutcome } from './payment.types';

/** The event announcing an outcome, dated when the outcome was recorded (the same on every re-emit). */
export const outcomeEvent = (orderId: string, customerId: string, outcome: PaymentOutcome): FollowUp => {
  const { amountCents, currency, paymentId } = outcome;
  return outcome.status === 'failed'
    ? followUp(
        'payment.failed',
        orderId,
        { orderId, customerId, paymentId, reason: outcome.reason, amountCents, currency },
        outcome.recordedAt,
      )
    : followUp(
        'payment.completed',
        orderId,
        { orderId, customerId, paymentId: outcome.paymentId, amountCents, currency },
        outcome.recordedAt,
      );
};

/**
 * Kafka side of payment: inventory.reserved → charge → payment.completed | payment.failed. The events go
 * into the outbox in the ledger's transaction (the group runs with `inboxOutbox`): nothing is returned
 * for the runtime to publish; Debezium relays them once committed.
 */
@Controller()
export class PaymentHandler {
  constructor(private readonly payments: PaymentService) {}

  @EventPattern('inventory.reserved')
  async onInventoryReserved(
    @Payload() event: InventoryReserved,
    @Ctx() context: Pick<EventContext, 'group' | 'eventId' | 'signal' | 'outboxEvents'>,
  ): Promise<void> {
    const { orderId, customerId } = event;
    await this.payments.pay(
      { orderId, customerId, amountCents: event.totalCents, currency: event.currency },
      {
        group: context.group,
        eventId: context.eventId,
        signal: context.signal,
        announce: (outcome) => context.outboxEvents([outcomeEvent(orderId, customerId, outcome)]),
      },
    );
  }
}
