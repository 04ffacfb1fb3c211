import type { CaseReport } from './case-report';
import { mergeResults, renderTable, type RunContext } from './reliability-docs';

const run = (commit: string, date: string): RunContext => ({
  date,
  cpus: 2,
  cpuModel: 'AMD EPYC',
  memoryGb: 24,
  node: 'v20.20.2',
  commit,
});

const report = (number: number, passed: boolean, orders = 5_000): CaseReport => ({
  number,
  name: `case-${number}`,
  title: '',
  orders,
  rate: 60,
  clients: { accepted: orders, refused: 0, gaveUp: 0, attempts: orders + 7 },
  faults: { injected: 3, inFlight: 2 },
  redeliveries: { duplicateOutcomes: 0, republished: 0 },
  recovery: { maxSeconds: 12.34, quiescenceSeconds: 6 },
  durationSeconds: 100,
  invariants: [{ id: 'I1', name: '', pass: passed, counts: {}, examples: [] }],
  passed,
});

describe('reliability results', () => {
  it('replaces only the rows of the cases a batch ran, keeping each row’s run', () => {
    const first = mergeResults(
      { tables: {} },
      [report(1, true), report(4, false)],
      { orders: 5_000, rate: 60 },
      run('aaa1111', '2026-12-02T10:00:00.000Z'),
    );
    const second = mergeResults(
      first,
      [report(4, true)],
      { orders: 5_000, rate: 60 },
      run('bbb2222', '2026-12-03T08:00:00.000Z'),
    );
    const cases = second.tables['5000']?.cases ?? [];
    expect(cases.map((entry) => [entry.number, entry.passed, entry.run.commit])).toEqual([
      [1, true, 'aaa1111'],
      [4, true, 'bbb2222'],
    ]);
  });

  it('keeps a soak apart from the default size', () => {
    const suite = mergeResults(
      { tables: {} },
      [report(1, true)],
      { orders: 5_000, rate: 60 },
      run('aaa1111', '2026-12-02T10:00:00.000Z'),
    );
    const both = mergeResults(
      suite,
      [report(1, false, 100_000)],
      { orders: 100_000, rate: 60 },
      run('bbb2222', '2026-12-03T08:00:00.000Z'),
    );
    expect(both.tables['5000']?.cases[0]?.passed).toBe(true);
    expect(both.tables['100000']?.cases[0]?.passed).toBe(false);
  });

  it('renders a row per case in case order, naming the commit and day it ran', () => {
    const { tables } = mergeResults(
      { tables: {} },
      [report(12, true), report(3, false)],
      { orders: 5_000, rate: 60 },
      run('ccc3333', '2026-12-03T08:00:00.000Z'),
    );
    const rows = renderTable(tables['5000']?.cases ?? [])
      .split('\n')
      .filter((line) => /^\| \d/.test(line));
    expect(rows).toEqual([
      '| 3 | case-3 | 5000 (5000) | 5007 | 3 (2) | I1✗ | 12.3 s | FAIL | ccc3333, 2026-12-03, Node v20.20.2 |',
      '| 12 | case-12 | 5000 (5000) | 5007 | 3 (2) | I1✓ | 12.3 s | pass | ccc3333, 2026-12-03, Node v20.20.2 |',
    ]);
  });
});
