import { Injectable } from '@nestjs/common';

import {
  linesToAnnounce,
  reservationLines,
  reservationOutcome,
  type ReservationOutcome,
} from './reservation.policy';
import { StockRepository } from './stock.repository';
import type { StockLine } from './stock.types';

/** Reserves an order's stock all-or-nothing and gives it back when payment fails; once per order. */
@Injectable()
export class ReservationService {
  constructor(private readonly stock: StockRepository) {}

  async reserve(order: { orderId: string; items: readonly StockLine[] }): Promise<ReservationOutcome> {
    const lines = reservationLines(order.orderId, order.items);
    return reservationOutcome(await this.stock.reserve(order.orderId, lines));
  }

  /**
   * Releases the order's reservation; returns the lines given back and when, or undefined when there is
   * nothing to announce. `releaseId` identifies the event asking (payment.failed's eventId).
   */
  async release(request: {
    orderId: string;
    releaseId: string;
  }): Promise<{ lines: StockLine[]; releasedAt?: number } | undefined> {
    const result = await this.stock.release(request.orderId, request.releaseId);
    const lines = linesToAnnounce(result, request.releaseId);
    if (lines === undefined || result.record.state !== 'released') return undefined;
    return { lines, releasedAt: result.record.releasedAt };
  }
}
