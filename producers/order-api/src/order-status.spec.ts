import { summariseRejection } from './order-status';

describe('summariseRejection', () => {
  it('lists what was short after the reason', () => {
    expect(
      summariseRejection('insufficient stock', [
        { sku: 'A', requested: 5, available: 3 },
        { sku: 'B', requested: 1, available: 0 },
      ]),
    ).toBe('insufficient stock: A (requested 5, available 3), B (requested 1, available 0)');
  });

  it('keeps the reason alone when no line is listed', () => {
    expect(summariseRejection('unknown sku', [])).toBe('unknown sku');
  });
});
