/**
 * How long a retry-tier record still waits, from its `orderflow-due-at` header. The header is input like
 * any other: a record cannot be due later than its tier's delay from now (the router wrote it at most that
 * far ahead), and an unreadable value means "due now". Clamping also keeps the wait far below setTimeout's
 * 2^31−1 ms limit, past which a timer fires after 1 ms and a paused partition would spin.
 */
export const retryWaitMs = (dueAtHeader: string | undefined, now: number, tierDelayMs: number): number => {
  const dueAt = Number(dueAtHeader ?? 0);
  if (!Number.isFinite(dueAt)) return 0;
  return Math.max(0, Math.min(dueAt - now, tierDelayMs));
};
