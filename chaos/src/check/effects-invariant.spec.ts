import { resentAfterLostRecord } from './effects-invariant';

describe('resentAfterLostRecord', () => {
  const lost = [{ from: 10_000, to: 15_000 }];

  it('allows a second send after the window when the first went out in it (its sent-record was lost)', () => {
    expect(resentAfterLostRecord([12_000, 16_000], lost)).toBe(true);
    // Sent just before the window, recorded in it; claimed in it and sent just after (case 8: 0.7 s).
    expect(resentAfterLostRecord([9_000, 16_000], lost)).toBe(true);
    expect(resentAfterLostRecord([15_700, 29_800], lost)).toBe(true);
  });

  it('refuses a second send of a notification recorded before or after the window, or twice within it', () => {
    expect(resentAfterLostRecord([5_000, 16_000], lost)).toBe(false);
    expect(resentAfterLostRecord([18_000, 20_000], lost)).toBe(false);
    expect(resentAfterLostRecord([11_000, 14_000], lost)).toBe(false);
    expect(resentAfterLostRecord([12_000, 16_000, 17_000], lost)).toBe(false);
    expect(resentAfterLostRecord([12_000, 16_000], [])).toBe(false);
  });
});
