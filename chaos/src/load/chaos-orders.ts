import type { OrderRequest } from '@orderflow/e2e';
import { readStockSeedFile } from '@orderflow/inventory';

import { UNSTOCKED_SKU } from '../system';

// The seed file's skus (UNSTOCKED_SKU is added by the harness, with no stock).
const SKUS = Object.keys(readStockSeedFile());

/**
 * Order `seq` of a run: one or two lines of the seeded skus, and every tenth order names the unstocked sku
 * too, so inventory rejects about 10% and the rejection path (no payment, a rejection notice) runs under
 * the faults as well. Deterministic, so a ledger line's body can be rebuilt from its seq.
 */
export const chaosOrder = (seq: number): OrderRequest => {
  const first = SKUS[seq % SKUS.length]!;
  const items = [{ sku: first, quantity: 1 + (seq % 3), unitPriceCents: 100 + (seq % 7) * 50 }];
  if (seq % 4 === 1) items.push({ sku: SKUS[(seq + 3) % SKUS.length]!, quantity: 1, unitPriceCents: 250 });
  if (seq % 10 === 7) items.push({ sku: UNSTOCKED_SKU, quantity: 1, unitPriceCents: 999 });
  return { customerId: `chaos-customer-${seq % 97}`, currency: seq % 5 === 0 ? 'USD' : 'EUR', items };
};

/** The stock one order takes when confirmed, by sku. */
export const unitsOf = (order: OrderRequest): Record<string, number> => {
  const units: Record<string, number> = {};
  for (const { sku, quantity } of order.items) units[sku] = (units[sku] ?? 0) + quantity;
  return units;
};
