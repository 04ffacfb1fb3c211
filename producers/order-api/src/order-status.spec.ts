import {
  isForwardMove,
  isTerminal,
  ORDER_STATUSES,
  summariseRejection,
  type OrderStatus,
} from './order-status';

describe('isForwardMove', () => {
  it('starts a view with any status', () => {
    for (const status of ORDER_STATUSES) expect(isForwardMove(undefined, status)).toBe(true);
  });

  it.each<[OrderStatus, OrderStatus]>([
    ['PENDING', 'RESERVED'],
    ['PENDING', 'PAID'],
    ['RESERVED', 'PAID'],
    ['PAID', 'CONFIRMED'],
    ['PENDING', 'REJECTED'],
    ['RESERVED', 'PAYMENT_FAILED'],
    // Kafka orders no two topics: payment.failed can overtake inventory.reserved.
    ['PENDING', 'PAYMENT_FAILED'],
    ['PENDING', 'CONFIRMED'],
  ])('moves %s → %s', (current, incoming) => {
    expect(isForwardMove(current, incoming)).toBe(true);
  });

  it.each<[OrderStatus, OrderStatus]>([
    ['RESERVED', 'PENDING'],
    ['PAID', 'RESERVED'],
    ['CONFIRMED', 'PAID'],
    ['RESERVED', 'RESERVED'],
  ])('never goes back or repeats: %s → %s', (current, incoming) => {
    expect(isForwardMove(current, incoming)).toBe(false);
  });

  it('keeps every terminal status terminal', () => {
    const terminal = ORDER_STATUSES.filter(isTerminal);
    expect(terminal.sort()).toEqual(['CONFIRMED', 'PAYMENT_FAILED', 'REJECTED']);
    for (const current of terminal) {
      for (const incoming of ORDER_STATUSES) expect(isForwardMove(current, incoming)).toBe(false);
    }
  });
});

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
