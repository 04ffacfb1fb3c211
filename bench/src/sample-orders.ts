import { randomUUID } from 'node:crypto';

import type { OrderCreated } from '@orderflow/contracts';

/** The skus of consumers/inventory/stock.seed.json, with plausible prices. */
const CATALOG = [
  { sku: 'SKU-BOOK-001', unitPriceCents: 1999 },
  { sku: 'SKU-MUG-002', unitPriceCents: 1250 },
  { sku: 'SKU-TSHIRT-003', unitPriceCents: 2490 },
  { sku: 'SKU-POSTER-004', unitPriceCents: 990 },
  { sku: 'SKU-STICKER-005', unitPriceCents: 199 },
  { sku: 'SKU-HOODIE-006', unitPriceCents: 4990 },
];

/** A realistic order.created: 1–3 distinct lines, quantities 1–3, deterministic per index. */
export const sampleOrder = (index: number): OrderCreated => {
  const lines = 1 + (index % 3);
  const items = Array.from({ length: lines }, (_, line) => {
    const { sku, unitPriceCents } = CATALOG[(index + line * 2) % CATALOG.length] ?? CATALOG[0]!;
    return { sku, quantity: 1 + ((index + line) % 3), unitPriceCents };
  });
  return {
    eventId: randomUUID(),
    occurredAt: Date.now(),
    orderId: randomUUID(),
    customerId: `customer-${index % 997}`,
    items,
    currency: 'EUR',
    totalCents: items.reduce((sum, item) => sum + item.quantity * item.unitPriceCents, 0),
    channel: 'WEB',
    couponCode: null,
  };
};

/** Units per sku for benchmark runs: no order is ever rejected for stock, every row measures the happy path. */
export const GENEROUS_STOCK = 1_000_000_000;
