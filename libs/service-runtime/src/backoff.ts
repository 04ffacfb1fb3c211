/** Waits between reads of a record whose dependency is down: doubling from `baseMs`, never above `maxMs`. */
export const backoffDelayMs = (
  failures: number,
  { baseMs, maxMs }: { baseMs: number; maxMs: number },
): number => Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(failures, 30)));
