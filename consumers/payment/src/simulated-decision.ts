import { createHash } from 'node:crypto';

import type { ChargeResult } from './payment-gateway';

const DECLINE_REASONS = ['card declined', 'insufficient funds', 'card expired'] as const;

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * A number in [0, 1) that depends on nothing but (seed, orderId): the same order gets the same draw on
 * every delivery, on every instance, in any processing order.
 */
export const orderDraw = (seed: string, orderId: string): number =>
  digest(`${seed}\u0000${orderId}`).readUIntBE(0, 6) / 2 ** 48;

/** The gateway's id for an order's charge: stable per order, so support can find it from the order. */
export const simulatedPaymentId = (orderId: string): string =>
  `pay_${digest(`payment\u0000${orderId}`).toString('hex').slice(0, 24)}`;

/** The simulated gateway's answer for an order: declined when its draw falls below the failure rate. */
export const simulatedCharge = (options: {
  seed: string;
  failureRate: number;
  orderId: string;
}): ChargeResult => {
  const draw = orderDraw(options.seed, options.orderId);
  const paymentId = simulatedPaymentId(options.orderId);
  if (draw >= options.failureRate) return { status: 'completed', paymentId };
  // Reuse the draw for the reason: still a pure function of (seed, orderId).
  const reason = DECLINE_REASONS[Math.floor((draw / options.failureRate) * DECLINE_REASONS.length)];
  return { status: 'failed', paymentId, reason: `${reason ?? DECLINE_REASONS[0]} (simulated)` };
};
