import { verdict, violations, type InvariantResult } from './invariant.types';
import type { OrderFacts } from './order-facts';

/**
 * Each follow-up is caused by the one before it: a handler can only publish after it handled its input,
 * so the first copies' log times must follow the chain. `inventory.released` comes from inventory handling
 * payment.failed: after it means inventory handled that order's events in order.
 */
const CHAIN: [before: string, after: string][] = [
  ['order.created', 'inventory.reserved'],
  ['order.created', 'inventory.rejected'],
  ['inventory.reserved', 'payment.completed'],
  ['inventory.reserved', 'payment.failed'],
  ['payment.failed', 'inventory.released'],
  ['payment.completed', 'notification.sent'],
  ['payment.failed', 'notification.sent'],
  ['inventory.rejected', 'notification.sent'],
];

/** I5: per order, the events were handled in causal order (checked on the log times of their first copies). */
export const checkCausalOrder = (facts: Map<string, OrderFacts>): InvariantResult => {
  const found = violations();
  let pairs = 0;
  for (const order of facts.values()) {
    for (const [before, after] of CHAIN) {
      const first = order.first.get(before);
      const second = order.first.get(after);
      if (!first || !second) continue;
      pairs += 1;
      if (second.timestamp < first.timestamp) {
        found.add('inversion', {
          orderId: order.orderId,
          before,
          after,
          beforeAt: first.timestamp,
          afterAt: second.timestamp,
        });
      }
    }
  }
  return verdict('I5', 'per-order causal order', found, { pairs });
};
