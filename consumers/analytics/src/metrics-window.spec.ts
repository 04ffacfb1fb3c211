import { WINDOW_MS, windowEndOf, windowKey, windowStartOf } from './metrics-window';

const at = (iso: string): number => Date.parse(iso);

describe('one-minute windows', () => {
  it('puts an instant in the minute it falls in, start inclusive', () => {
    expect(windowStartOf(at('2026-11-21T12:34:00.000Z'))).toBe(at('2026-11-21T12:34:00.000Z'));
    expect(windowStartOf(at('2026-11-21T12:34:59.999Z'))).toBe(at('2026-11-21T12:34:00.000Z'));
  });

  it('starts the next window at the previous end (end exclusive)', () => {
    const start = windowStartOf(at('2026-11-21T12:34:30.000Z'));
    expect(windowEndOf(start)).toBe(at('2026-11-21T12:35:00.000Z'));
    expect(windowStartOf(windowEndOf(start))).toBe(windowEndOf(start));
    expect(windowEndOf(start) - start).toBe(WINDOW_MS);
  });

  it('crosses day and year boundaries without drift', () => {
    expect(windowStartOf(at('2026-12-31T23:59:59.999Z'))).toBe(at('2026-12-31T23:59:00.000Z'));
    expect(windowStartOf(at('2027-01-01T00:00:00.001Z'))).toBe(at('2027-01-01T00:00:00.000Z'));
  });

  it('keys a window by its ISO start', () => {
    expect(windowKey(windowStartOf(at('2026-11-21T12:34:56.789Z')))).toBe('2026-11-21T12:34:00.000Z');
  });
});
