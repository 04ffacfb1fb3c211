import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';

import { followUp, type HandlerResult } from '@orderflow/service-runtime';
import type { OrderCreated, PaymentFailed } from '@orderflow/contracts';

import { ReservationService } from './reservation.service';

/**
 * Kafka side of inventory: order.created → reserve, payment.failed → release (compensation). Follow-ups
 * are dated by the reservation record (reserved, rejected or released at), so every re-emit is alike.
 */
@Controller()
export class InventoryHandler {
  constructor(private readonly reservations: ReservationService) {}

  @EventPattern('order.created')
  async onOrderCreated(@Payload() event: OrderCreated): Promise<HandlerResult> {
    const outcome = await this.reservations.reserve({ orderId: event.orderId, items: event.items });
    if (outcome.status === 'rejected') {
      return [
        followUp(
          'inventory.rejected',
          event.orderId,
          {
            orderId: event.orderId,
            customerId: event.customerId,
            missing: outcome.missing,
            reason: outcome.reason,
          },
          outcome.at,
        ),
      ];
    }
    return [
      followUp(
        'inventory.reserved',
        event.orderId,
        {
          orderId: event.orderId,
          customerId: event.customerId,
          lines: outcome.lines,
          totalCents: event.totalCents,
          currency: event.currency,
        },
        outcome.at,
      ),
    ];
  }

  @EventPattern('payment.failed')
  async onPaymentFailed(@Payload() event: PaymentFailed): Promise<HandlerResult> {
    const released = await this.reservations.release({ orderId: event.orderId, releaseId: event.eventId });
    if (released === undefined) return [];
    return [
      followUp(
        'inventory.released',
        event.orderId,
        {
          orderId: event.orderId,
          lines: released.lines,
          reason: `payment failed: ${event.reason}`,
        },
        released.releasedAt,
      ),
    ];
  }
}
