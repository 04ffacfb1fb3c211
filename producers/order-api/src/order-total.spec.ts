import { totalCents } from './order-total';

describe('totalCents', () => {
  it('sums quantity × unit price over every line', () => {
    expect(
      totalCents([
        { sku: 'A', quantity: 2, unitPriceCents: 1250 },
        { sku: 'B', quantity: 3, unitPriceCents: 99 },
        { sku: 'C', quantity: 5, unitPriceCents: 0 },
      ]),
    ).toBe(2797);
  });

  it('stays exact at the largest order validation allows', () => {
    const items = Array.from({ length: 100 }, (_, i) => ({
      sku: `S${i}`,
      quantity: 1000,
      unitPriceCents: 1_000_000_000,
    }));
    expect(totalCents(items)).toBe(100_000_000_000_000);
    expect(Number.isSafeInteger(totalCents(items))).toBe(true);
  });
});
