import { orderDraw, simulatedCharge, simulatedPaymentId } from './simulated-decision';

const orderIds = Array.from({ length: 1000 }, (_, index) => `order-${index}`);
const failures = (seed: string, failureRate: number, ids: string[] = orderIds): string[] =>
  ids.filter((orderId) => simulatedCharge({ seed, failureRate, orderId }).status === 'failed');

describe('the simulated gateway decision', () => {
  it('is a pure function of (seed, orderId): the same order gets the same answer on redelivery', () => {
    const first = simulatedCharge({ seed: 's-1', failureRate: 0.5, orderId: 'order-7' });
    expect(simulatedCharge({ seed: 's-1', failureRate: 0.5, orderId: 'order-7' })).toEqual(first);
  });

  it('does not depend on the order in which orders are processed', () => {
    const forwards = failures('s-1', 0.3);
    const backwards = failures('s-1', 0.3, [...orderIds].reverse());
    expect([...backwards].sort()).toEqual([...forwards].sort());
  });

  it('depends on the seed', () => {
    expect(failures('s-1', 0.3)).not.toEqual(failures('s-2', 0.3));
  });

  it('never fails at rate 0 and always fails at rate 1', () => {
    expect(failures('s-1', 0)).toHaveLength(0);
    expect(failures('s-1', 1)).toHaveLength(orderIds.length);
  });

  // Deterministic for a fixed seed, so the tolerance cannot flake; it only checks the draw is uniform enough.
  it.each(['s-1', 's-2', 'load-test'])('fails roughly 30%% of 1000 orders at rate 0.3 (seed %s)', (seed) => {
    const share = failures(seed, 0.3).length / orderIds.length;
    expect(share).toBeGreaterThan(0.25);
    expect(share).toBeLessThan(0.35);
  });

  it('draws numbers in [0, 1)', () => {
    const draws = orderIds.map((orderId) => orderDraw('s-1', orderId));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
  });

  it('derives the paymentId from the orderId alone, and gives a reason when declining', () => {
    expect(simulatedPaymentId('order-7')).toBe(simulatedPaymentId('order-7'));
    expect(simulatedPaymentId('order-7')).not.toBe(simulatedPaymentId('order-8'));
    expect(simulatedCharge({ seed: 'a', failureRate: 0, orderId: 'order-7' })).toEqual({
      status: 'completed',
      paymentId: simulatedPaymentId('order-7'),
    });
    expect(simulatedCharge({ seed: 'a', failureRate: 1, orderId: 'order-7' })).toEqual({
      status: 'failed',
      paymentId: simulatedPaymentId('order-7'),
      reason: expect.stringMatching(/\(simulated\)$/) as string,
    });
  });
});
