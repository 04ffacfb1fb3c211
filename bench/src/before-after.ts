import { existsSync, readFileSync } from 'node:fs';

import type { RowSummary } from './summary';

/** A saved run to compare with: the medians of `docs/benchmarks-before.json`. */
export interface EarlierRun {
  /** What the earlier run measured, e.g. which optimisations it predates. */
  label: string;
  commit: string;
  date: string;
  summaries: Pick<RowSummary, 'key' | 'unit' | 'median'>[];
}

/** The saved run, or undefined when the file is not there (nothing to compare with). */
export const readEarlierRun = (path: string): EarlierRun | undefined => {
  if (!existsSync(path)) return undefined;
  const saved = JSON.parse(readFileSync(path, 'utf8')) as {
    label?: string;
    machine: { commit: string; date: string };
    summaries: EarlierRun['summaries'];
  };
  return {
    label: saved.label ?? 'an earlier run',
    commit: saved.machine.commit,
    date: saved.machine.date,
    summaries: saved.summaries,
  };
};

const figure = (value: number): string => (value >= 100 ? String(Math.round(value)) : value.toFixed(1));

/** Lower is better for times; higher for everything else (throughput, shares). */
const lowerIsBetter = (unit: string): boolean => unit === 'ms';

/**
 * Rows measured in both runs: before, after, and how many times better (or worse) the row got, so a
 * reader sees what each change bought without diffing two tables.
 */
export const renderBeforeAfter = (earlier: EarlierRun, now: RowSummary[]): string[] => {
  const rows = now.flatMap((row) => {
    const before = earlier.summaries.find((candidate) => candidate.key === row.key);
    if (before?.median === undefined || row.median === undefined || before.unit !== row.unit) return [];
    const gain = lowerIsBetter(row.unit) ? before.median / row.median : row.median / before.median;
    // Within 2 %: noise between runs on the same machine, not a change.
    const verdict =
      Math.abs(gain - 1) < 0.02
        ? 'about the same'
        : gain > 1
          ? `${gain.toFixed(2)}× better`
          : `${(1 / gain).toFixed(2)}× worse`;
    return [
      `| ${row.key} | ${figure(before.median)} ${row.unit} | ${figure(row.median)} ${row.unit} | ${verdict} |`,
    ];
  });
  return ['| row | before | after | change |', '| --- | --- | --- | --- |', ...rows];
};
