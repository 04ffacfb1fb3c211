import { arrivalOffsetMs } from './open-loop';

describe('arrivalOffsetMs', () => {
  it('without a warm-up, starts order i at i / rate', () => {
    expect([0, 1, 60, 600].map((seq) => arrivalOffsetMs(seq, 60, 0))).toEqual([0, 1_000 / 60, 1_000, 10_000]);
  });

  it('climbs to the rate over the warm-up: half the orders a cold start would send, then the full rate', () => {
    // 60/s over a 30 s warm-up: 900 orders in it instead of 1800, the first second 1 order instead of 60.
    expect(arrivalOffsetMs(900, 60, 30_000)).toBeCloseTo(30_000);
    expect(arrivalOffsetMs(1, 60, 30_000)).toBeCloseTo(1_000);
    expect(arrivalOffsetMs(901, 60, 30_000) - arrivalOffsetMs(900, 60, 30_000)).toBeCloseTo(1_000 / 60);
    // Past the warm-up each order runs warmUpMs / 2 behind a cold start.
    expect(arrivalOffsetMs(6_000, 60, 30_000)).toBeCloseTo(15_000 + 100_000);
  });

  it('never schedules an order before the one ahead of it', () => {
    const offsets = Array.from({ length: 2_000 }, (_, seq) => arrivalOffsetMs(seq, 60, 30_000));
    expect(offsets.every((offset, seq) => seq === 0 || offset > offsets[seq - 1]!)).toBe(true);
  });
});
