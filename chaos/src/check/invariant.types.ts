/** One invariant's verdict over a case, with what it counted and up to 10 examples of each violation. */
export interface InvariantResult {
  id: string;
  name: string;
  pass: boolean;
  counts: Record<string, number>;
  examples: unknown[];
}

export const MAX_EXAMPLES = 10;

/** Collects violations: counts every one, keeps the first few as examples. */
export const violations = () => {
  const counts: Record<string, number> = {};
  const examples: unknown[] = [];
  return {
    counts,
    examples,
    add(kind: string, example: Record<string, unknown>) {
      counts[kind] = (counts[kind] ?? 0) + 1;
      if (examples.length < MAX_EXAMPLES) examples.push({ ...example, kind });
    },
    total: () => Object.values(counts).reduce((sum, count) => sum + count, 0),
  };
};

export const verdict = (
  id: string,
  name: string,
  found: ReturnType<typeof violations>,
  figures: Record<string, number>,
): InvariantResult => ({
  id,
  name,
  pass: found.total() === 0,
  counts: { ...figures, ...found.counts },
  examples: found.examples,
});
