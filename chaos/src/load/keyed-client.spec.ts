import { retryDelayMs } from './keyed-client';

describe('retryDelayMs', () => {
  it('doubles the backoff with each attempt up to 16 s, jittered within its upper half', () => {
    expect([1, 2, 3, 4, 5, 6].map((attempt) => retryDelayMs(attempt, undefined, () => 1))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 16_000,
    ]);
    expect([1, 2, 5].map((attempt) => retryDelayMs(attempt, undefined, () => 0))).toEqual([
      500, 1_000, 8_000,
    ]);
  });

  it('never waits less than Retry-After asks', () => {
    expect(retryDelayMs(1, 5, () => 0)).toBe(5_000);
    expect(retryDelayMs(6, 5, () => 0)).toBe(8_000);
  });
});
