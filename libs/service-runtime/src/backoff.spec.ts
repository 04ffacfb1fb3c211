import { backoffDelayMs } from './backoff';

describe('backoffDelayMs', () => {
  it('doubles from the base and stops growing at the maximum, however many failures', () => {
    const limits = { baseMs: 500, maxMs: 15_000 };
    expect([0, 1, 2, 3, 4, 5, 6, 1_000].map((failures) => backoffDelayMs(failures, limits))).toEqual([
      500, 1_000, 2_000, 4_000, 8_000, 15_000, 15_000, 15_000,
    ]);
  });
});
