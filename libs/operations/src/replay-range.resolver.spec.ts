import { parseRangeSelection, resolveReplayRanges } from './replay-range.resolver';

const bounds = [
  { partition: 0, low: 0n, high: 10n },
  { partition: 1, low: 5n, high: 8n },
];

describe('resolveReplayRanges', () => {
  it('makes inclusive offsets per partition end-exclusive and clamps them to each log', () => {
    const selection = parseRangeSelection({ fromOffset: '2', toOffset: '6' });
    expect(resolveReplayRanges({ bounds, selection })).toEqual([
      { partition: 0, from: 2n, end: 7n },
      { partition: 1, from: 5n, end: 7n },
    ]);
  });

  it('reads a missing end as the high watermark and an inverted range as empty', () => {
    expect(resolveReplayRanges({ bounds, selection: parseRangeSelection({ fromOffset: '9' }) })).toEqual([
      { partition: 0, from: 9n, end: 10n },
      { partition: 1, from: 8n, end: 8n },
    ]);
  });

  it('uses the offsets found for datetimes', () => {
    const selection = parseRangeSelection({
      fromDatetime: '2026-11-21T12:00:00Z',
      toDatetime: '2026-11-21T13:00:00Z',
    });
    expect(
      resolveReplayRanges({
        bounds,
        selection,
        fromOffsets: new Map([
          [0, 3n],
          [1, 6n],
        ]),
        toOffsets: new Map([
          [0, 4n],
          [1, 8n],
        ]),
      }),
    ).toEqual([
      { partition: 0, from: 3n, end: 4n },
      { partition: 1, from: 6n, end: 8n },
    ]);
  });

  it('refuses offsets and datetimes together, and no range at all', () => {
    expect(() => parseRangeSelection({ fromOffset: '1', toDatetime: '2026-11-21T12:00:00Z' })).toThrow(
      /not both/,
    );
    expect(() => parseRangeSelection({})).toThrow(/not both and not neither/);
  });
});
