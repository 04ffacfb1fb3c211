import { demoOrder, percentile } from './demo-orders';

describe('demo orders', () => {
  it('are deterministic, never repeat a sku within an order, and every 10th asks for an unstocked sku', () => {
    expect(demoOrder(4)).toEqual(demoOrder(4));
    for (let n = 0; n < 50; n++) {
      const skus = demoOrder(n).items.map((item) => item.sku);
      expect(new Set(skus).size).toBe(skus.length);
    }
    expect(demoOrder(9).items.map((item) => item.sku)).toEqual(['SKU-DISCONTINUED-999']);
  });

  it('percentile takes the nearest rank', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 0.5)).toBe(50);
    expect(percentile(sorted, 0.99)).toBe(99);
    expect(percentile([], 0.5)).toBe(0);
  });
});
