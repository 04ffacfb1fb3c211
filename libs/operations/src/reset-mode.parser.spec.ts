import { parseResetMode } from './reset-mode.parser';

describe('parseResetMode', () => {
  it('reads each mode', () => {
    expect(parseResetMode({ toEarliest: true })).toEqual({ kind: 'earliest' });
    expect(parseResetMode({ toLatest: true })).toEqual({ kind: 'latest' });
    expect(parseResetMode({ toOffset: '12' })).toEqual({ kind: 'offset', offset: 12n });
    expect(parseResetMode({ shiftBy: '-3' })).toEqual({ kind: 'shift', by: -3n });
    expect(parseResetMode({ toDatetime: '2026-11-21T12:00:00Z' })).toEqual({
      kind: 'datetime',
      timestamp: Date.parse('2026-11-21T12:00:00Z'),
    });
  });

  it.each([
    {},
    { toEarliest: true, toLatest: true },
    { toOffset: 'x' },
    { toOffset: '-1' },
    { toDatetime: '2026-11-21 12:00' },
  ])('refuses %j', (options) => {
    expect(() => parseResetMode(options)).toThrow(/--to|exactly one/);
  });
});
