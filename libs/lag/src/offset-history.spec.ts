import { appendOffsetPoint, lagSeconds, timeLogReached, type OffsetPoint } from './offset-history';

const at = (timestampMs: number, offset: number): OffsetPoint => ({ timestampMs, offset });

describe('appendOffsetPoint', () => {
  it('keeps the first point of a flat stretch: that is when the log reached the offset', () => {
    expect(appendOffsetPoint([at(1_000, 10)], at(2_000, 10), 5)).toEqual([at(1_000, 10)]);
  });

  it('appends growth and drops the oldest points past the limit', () => {
    const history = [at(1_000, 10), at(2_000, 20)];
    expect(appendOffsetPoint(history, at(3_000, 30), 2)).toEqual([at(2_000, 20), at(3_000, 30)]);
  });

  it('starts over when the log end goes backwards (topic recreated)', () => {
    expect(appendOffsetPoint([at(1_000, 50)], at(2_000, 3), 5)).toEqual([at(2_000, 3)]);
  });

  it('does not change the history it was given', () => {
    const history = [at(1_000, 10)];
    appendOffsetPoint(history, at(2_000, 20), 5);
    expect(history).toEqual([at(1_000, 10)]);
  });
});

describe('timeLogReached', () => {
  const history = [at(10_000, 100), at(20_000, 200), at(30_000, 400)];

  it('interpolates linearly between the samples around the offset', () => {
    expect(timeLogReached(history, 150)).toBe(15_000);
    expect(timeLogReached(history, 300)).toBe(25_000);
  });

  it('returns a sample time for an offset sampled exactly', () => {
    expect(timeLogReached(history, 200)).toBe(20_000);
  });

  it('answers the oldest sample time for an offset older than the history (a lower bound)', () => {
    expect(timeLogReached(history, 5)).toBe(10_000);
  });

  it('is undefined past the newest sample and for an empty history', () => {
    expect(timeLogReached(history, 401)).toBeUndefined();
    expect(timeLogReached([], 1)).toBeUndefined();
  });
});

describe('lagSeconds', () => {
  const history = [at(10_000, 100), at(20_000, 200)];

  it('is now minus when the log end was at the committed offset', () => {
    expect(lagSeconds({ history, committedOffset: 150, nowMs: 25_000 })).toBe(10);
  });

  it('is 0 when caught up or ahead of the sampled log end', () => {
    expect(lagSeconds({ history, committedOffset: 200, nowMs: 25_000 })).toBe(0);
    expect(lagSeconds({ history, committedOffset: 250, nowMs: 25_000 })).toBe(0);
  });

  it('is 0 without history', () => {
    expect(lagSeconds({ history: [], committedOffset: 0, nowMs: 25_000 })).toBe(0);
  });

  it('grows with time while the consumer stands still', () => {
    expect(lagSeconds({ history, committedOffset: 100, nowMs: 30_000 })).toBe(20);
    expect(lagSeconds({ history, committedOffset: 100, nowMs: 40_000 })).toBe(30);
  });
});
