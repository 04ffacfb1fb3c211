import type { Evidence } from './evidence';
import type { violations } from './invariant.types';
import type { OrderFacts } from './order-facts';

/** The payment outcome each charge status becomes. */
const OUTCOME_TOPIC: Record<string, string> = {
  completed: 'payment.completed',
  failed: 'payment.failed',
};

/**
 * I4's payment part, from the gateway's side: every reserved order charged under exactly one idempotency
 * key, and no other order charged at all. The same key asked again (a redelivery, a zombie instance whose
 * lease ran out mid-charge) is one charge at a real gateway, which deduplicates on the key: those repeats
 * are counted, not violations. Each charge's answer is the outcome the order's payment event states.
 */
export const checkCharges = (
  evidence: Evidence,
  facts: Map<string, OrderFacts>,
  found: ReturnType<typeof violations>,
): Record<string, number> => {
  const byOrder = new Map<string, Evidence['charges']>();
  for (const charge of evidence.charges)
    byOrder.set(charge.orderId, [...(byOrder.get(charge.orderId) ?? []), charge]);
  for (const order of facts.values()) {
    const charges = byOrder.get(order.orderId) ?? [];
    byOrder.delete(order.orderId);
    const reserved = order.first.has('inventory.reserved');
    if (!reserved) {
      if (charges.length > 0) found.add('chargedWithoutReservation', { orderId: order.orderId, charges });
      continue;
    }
    const keys = new Set(charges.map((charge) => charge.idempotencyKey));
    if (keys.size === 0 && order.status !== 'UNFINISHED') found.add('notCharged', { orderId: order.orderId });
    if (keys.size > 1) found.add('chargedUnderSeveralKeys', { orderId: order.orderId, keys: [...keys] });
    const outcome = charges.find((charge) => !order.first.has(OUTCOME_TOPIC[charge.status] ?? ''));
    if (outcome && order.status !== 'UNFINISHED')
      found.add('chargeAnswerNotTheOutcome', {
        orderId: order.orderId,
        charge: outcome,
        status: order.status,
      });
  }
  // Charges of orders that are not in the log at all.
  for (const [orderId, charges] of byOrder) found.add('chargeOfUnknownOrder', { orderId, charges });
  return {
    charges: evidence.charges.length,
    chargedOrders: new Set(evidence.charges.map((charge) => charge.orderId)).size,
    repeatedCharges: evidence.charges.length - new Set(evidence.charges.map((charge) => charge.orderId)).size,
  };
};
