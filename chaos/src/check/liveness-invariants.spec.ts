import { recoveredLagFor, recoveryTimes } from './liveness-invariants';

describe('recoveredLagFor', () => {
  it("counts a second of the load's records as its own level, at least 50", () => {
    expect(recoveredLagFor(60)).toBe(600);
    expect(recoveredLagFor(27)).toBe(270);
    expect(recoveredLagFor(1)).toBe(50);
  });
});

describe('recoveryTimes', () => {
  const sample = (at: number, totalLag: number) => ({
    at,
    totalLag,
    handled: 0,
    duplicates: 0,
    rssBytes: {},
    harnessLoopDelayMs: 0,
  });

  it('takes the first sample after the heal at or under the level, and none when lag never gets there', () => {
    const samples = [sample(1_000, 900), sample(3_000, 700), sample(5_000, 250), sample(7_000, 0)];
    const heal = (at: number) => ({ at, label: `heal at ${at}` });

    expect(recoveryTimes([heal(2_000)], samples, 270)).toEqual([{ label: 'heal at 2000', seconds: 3 }]);
    expect(recoveryTimes([heal(8_000)], samples, 270)).toEqual([{ label: 'heal at 8000' }]);
  });
});
