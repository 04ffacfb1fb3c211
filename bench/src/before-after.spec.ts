import { renderBeforeAfter, type EarlierRun } from './before-after';
import type { RowSummary } from './summary';

const summary = (key: string, unit: string, median: number | undefined): RowSummary => ({
  key,
  roundId: key.split(' ')[0] ?? '',
  row: key,
  unit,
  figures: [median],
  median,
  gates: [],
  cpuMsMedian: undefined,
  peakRssMb: 0,
});

const earlier: EarlierRun = {
  label: 'before',
  commit: 'abc1234',
  date: '2026-11-22',
  summaries: [
    { key: 'R3 probe', unit: 'msgs/s', median: 1_000 },
    { key: 'R4 p99', unit: 'ms', median: 2_000 },
    { key: 'R4 max', unit: 'orders/s', median: 300 },
    { key: 'R1 failed before', unit: 'msgs/s', median: undefined },
    { key: 'R1 steady', unit: 'msgs/s', median: 1_000 },
  ],
};

describe('renderBeforeAfter', () => {
  it('compares rows measured in both runs, higher being better per second and lower better in ms', () => {
    const lines = renderBeforeAfter(earlier, [
      summary('R3 probe', 'msgs/s', 4_000),
      summary('R4 p99', 'ms', 40),
      summary('R4 max', 'orders/s', 150),
      summary('R1 failed before', 'msgs/s', 10),
      summary('R5 new row', 'msgs/s', 10),
      summary('R1 steady', 'msgs/s', 1_010),
    ]);
    expect(lines.slice(2)).toEqual([
      '| R3 probe | 1000 msgs/s | 4000 msgs/s | 4.00× better |',
      '| R4 p99 | 2000 ms | 40.0 ms | 50.00× better |',
      '| R4 max | 300 orders/s | 150 orders/s | 2.00× worse |',
      '| R1 steady | 1000 msgs/s | 1010 msgs/s | about the same |',
    ]);
  });
});
