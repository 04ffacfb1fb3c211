/** Median of the defined values; undefined when there are none. */
export const median = (values: (number | undefined)[]): number | undefined => {
  const sorted = values.filter((value): value is number => value !== undefined).sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? upper) + upper) / 2;
};

/** figure / baseline, undefined when either is missing (a failed gate) or the baseline is zero. */
export const ratio = (figure: number | undefined, baseline: number | undefined): number | undefined =>
  figure === undefined || baseline === undefined || baseline === 0 ? undefined : figure / baseline;

/** Per-repetition ratios: row i against baseline i, so drift between repetitions cancels out. */
export const pairedRatios = (
  figures: (number | undefined)[],
  baselines: (number | undefined)[],
): (number | undefined)[] => figures.map((figure, index) => ratio(figure, baselines[index]));

/** Nearest-rank percentile (p in 0..100) of unsorted values; undefined for no values. */
export const percentile = (values: readonly number[], p: number): number | undefined => {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
};
