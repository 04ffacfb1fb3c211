// SKUs of consumers/inventory/stock.seed.json, plus one nobody stocks so some orders are rejected.
const SKUS = [
  'SKU-BOOK-001',
  'SKU-MUG-002',
  'SKU-TSHIRT-003',
  'SKU-POSTER-004',
  'SKU-STICKER-005',
  'SKU-HOODIE-006',
];
const UNSTOCKED_SKU = 'SKU-DISCONTINUED-999';
// order.created v2's channels, so analytics' per-channel counts have something to show.
const CHANNELS = ['WEB', 'MOBILE', 'STORE', 'PARTNER'] as const;

/**
 * A deterministic order for index `n` (an order.created v2: a channel, every 4th with a coupon): one or two
 * lines, every 10th asks for an unstocked SKU.
 */
export const demoOrder = (n: number) => ({
  customerId: `customer-${(n % 7) + 1}`,
  currency: 'EUR',
  channel: CHANNELS[n % CHANNELS.length] ?? 'WEB',
  ...(n % 4 === 0 ? { couponCode: 'DEMO10' } : {}),
  items: [
    {
      sku: n % 10 === 9 ? UNSTOCKED_SKU : (SKUS[n % SKUS.length] ?? 'SKU-BOOK-001'),
      quantity: 1 + (n % 3),
      unitPriceCents: 500 + (n % 5) * 250,
    },
    ...(n % 2 === 0
      ? [{ sku: SKUS[(n + 3) % SKUS.length] ?? 'SKU-MUG-002', quantity: 1, unitPriceCents: 1_200 }]
      : []),
  ],
});

/** The value at quantile `q` of sorted numbers (nearest rank). */
export const percentile = (sorted: number[], q: number): number =>
  sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0);
