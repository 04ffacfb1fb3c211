import { median, pairedRatios, ratio } from './stats';

describe('bench statistics', () => {
  it('takes the median of the defined values, averaging the middle pair', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([undefined, 5, undefined])).toBe(5);
    expect(median([undefined])).toBeUndefined();
  });

  it('gives no ratio for a failed gate or a zero baseline', () => {
    expect(ratio(300, 100)).toBe(3);
    expect(ratio(undefined, 100)).toBeUndefined();
    expect(ratio(300, 0)).toBeUndefined();
  });

  it('pairs each repetition with its own baseline', () => {
    expect(pairedRatios([200, 300, undefined], [100, 100, 100])).toEqual([2, 3, undefined]);
  });
});
