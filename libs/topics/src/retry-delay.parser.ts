const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;

const DELAY_PATTERN = /^([1-9]\d*)(ms|s|m|h)$/;

/**
 * A retry tier's delay as written in topics.yaml (`10s`, `5m`). The label is kept as written because it
 * becomes part of the retry topic's name; renaming a tier would strand records in the old topic.
 */
export interface RetryDelay {
  label: string;
  ms: number;
}

/** Parses `<positive integer><ms|s|m|h>`; returns undefined for anything else. */
export const parseRetryDelay = (label: string): RetryDelay | undefined => {
  const [, amount, unit] = DELAY_PATTERN.exec(label) ?? [];
  if (amount === undefined || unit === undefined) return undefined;
  return { label, ms: Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS] };
};
