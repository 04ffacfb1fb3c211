import { caseRate } from './case-rate';

describe('caseRate', () => {
  it('runs a case without a minimum load at --rate', () => {
    expect(caseRate({}, { orders: 100_000, rate: 60 })).toBe(60);
  });

  it('stretches a small run over the case’s minimum load', () => {
    expect(caseRate({ minLoadSeconds: 240 }, { orders: 150, rate: 60 })).toBeCloseTo(0.625);
  });

  it('runs a soak at the rate of the default size, so it lasts longer instead of going faster', () => {
    expect(caseRate({ minLoadSeconds: 240 }, { orders: 5_000, rate: 60 })).toBeCloseTo(20.83, 2);
    expect(caseRate({ minLoadSeconds: 240 }, { orders: 100_000, rate: 60 })).toBeCloseTo(20.83, 2);
  });

  it('never goes above the case’s maxRate', () => {
    expect(caseRate({ minLoadSeconds: 120, maxRate: 25 }, { orders: 5_000, rate: 60 })).toBe(25);
  });
});
