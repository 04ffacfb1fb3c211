import type { GateResult, RowResult, Target } from './round.types';
import { rowKey } from './round.types';
import { median, pairedRatios } from './stats';

/** One row's results of one repetition, as the driver collects them. */
export interface RunRecord {
  roundId: string;
  repetition: number;
  rows: RowResult[];
}

/** A row across repetitions: medians, gates, and its ratio to its baseline. */
export interface RowSummary {
  key: string;
  roundId: string;
  row: string;
  unit: string;
  /** Per repetition; undefined where the gate failed or the row did not run. */
  figures: (number | undefined)[];
  median: number | undefined;
  gates: GateResult[];
  cpuMsMedian: number | undefined;
  peakRssMb: number;
  childPeakRssMb?: number;
  baseline?: string;
  ratios?: (number | undefined)[];
  medianRatio?: number;
  target?: Target & { met: boolean | undefined };
}

const targetMet = (
  target: Target,
  figure: number | undefined,
  ratioValue: number | undefined,
): boolean | undefined => {
  if (target.ratioAtLeast !== undefined)
    return ratioValue === undefined ? undefined : ratioValue >= target.ratioAtLeast;
  if (target.figureAtMost !== undefined)
    return figure === undefined ? undefined : figure <= target.figureAtMost;
  return undefined;
};

export const summarize = (records: RunRecord[], repetitions: number): RowSummary[] => {
  const byKey = new Map<string, { roundId: string; results: (RowResult | undefined)[] }>();
  for (const record of records) {
    for (const row of record.rows) {
      const key = rowKey(record.roundId, row.row);
      const entry = byKey.get(key) ?? {
        roundId: record.roundId,
        results: Array<RowResult | undefined>(repetitions),
      };
      entry.results[record.repetition - 1] = row;
      byKey.set(key, entry);
    }
  }
  const summaries = [...byKey].map(([key, { roundId, results }]): RowSummary => {
    const present = results.filter((row): row is RowResult => row !== undefined);
    // Every key was added from a row, so there is at least one.
    const first = present[0]!;
    const figures = results.map((row) => row?.figure);
    const childRss = present.map((row) => row.children?.peakRssMb ?? 0);
    return {
      key,
      roundId,
      row: first.row,
      unit: first.unit,
      figures,
      median: median(figures),
      gates: present.map((row) => row.gate),
      cpuMsMedian: median(present.map((row) => row.self.cpuUserMs + row.self.cpuSystemMs)),
      peakRssMb: Math.max(...present.map((row) => row.self.peakRssMb)),
      ...(childRss.some((rss) => rss > 0) ? { childPeakRssMb: Math.max(...childRss) } : {}),
      baseline: first.baseline,
      ...(first.target ? { target: { ...first.target, met: undefined } } : {}),
    };
  });
  for (const summary of summaries) {
    const base = summaries.find((candidate) => candidate.key === summary.baseline);
    if (base !== undefined) {
      summary.ratios = pairedRatios(summary.figures, base.figures);
      summary.medianRatio = median(summary.ratios);
    }
    if (summary.target) summary.target.met = targetMet(summary.target, summary.median, summary.medianRatio);
  }
  return summaries;
};
