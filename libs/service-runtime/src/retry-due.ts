export interface RetryDue {
  /** The record's `orderflow-due-at` header. */
  dueAtHeader: string | undefined;
  /** The record's timestamp: when the router wrote it to the tier. */
  writtenAt: number;
  tierDelayMs: number;
  now: number;
}

/**
 * How long a retry-tier record still waits. The due-at header is input like any other: a record is due
 * at the latest its tier's delay after it was written (the router writes it due exactly then), and an
 * unreadable value means "due now". The bound also keeps every wait far below setTimeout's 2^31−1 ms,
 * past which a timer fires after 1 ms and a paused partition would spin.
 */
export const retryWaitMs = ({ dueAtHeader, writtenAt, tierDelayMs, now }: RetryDue): number => {
  const dueAt = Number(dueAtHeader ?? 0);
  if (!Number.isFinite(dueAt) || !Number.isFinite(writtenAt)) return 0;
  return Math.max(0, Math.min(dueAt, writtenAt + tierDelayMs) - now);
};
