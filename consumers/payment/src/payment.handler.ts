import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';

import { followUp, type EventContext, type HandlerResult } from '@orderflow/service-runtime';
import type { InventoryReserved } from '@orderflow/contracts';

import { PaymentService } from './payment.service';

/**
 * Kafka side of payment: inventory.reserved → charge → payment.completed | payment.failed, dated when the
 * outcome was recorded (the same on every re-emit).
 */
@Controller()
export class PaymentHandler {
  constructor(private readonly payments: PaymentService) {}

  @EventPattern('inventory.reserved')
  async onInventoryReserved(
    @Payload() event: InventoryReserved,
    @Ctx() context: Pick<EventContext, 'signal' | 'fence'>,
  ): Promise<HandlerResult> {
    const { orderId, customerId } = event;
    const outcome = await this.payments.pay(
      { orderId, customerId, amountCents: event.totalCents, currency: event.currency },
      context,
    );
    const { amountCents, currency, paymentId } = outcome;
    if (outcome.status === 'failed') {
      return [
        followUp(
          'payment.failed',
          orderId,
          {
            orderId,
            customerId,
            paymentId,
            reason: outcome.reason,
            amountCents,
            currency,
          },
          outcome.recordedAt,
        ),
      ];
    }
    return [
      followUp(
        'payment.completed',
        orderId,
        {
          orderId,
          customerId,
          paymentId: outcome.paymentId,
          amountCents,
          currency,
        },
        outcome.recordedAt,
      ),
    ];
  }
}
