/** A partition's log-end offset as seen at one sample. */
export interface OffsetPoint {
  timestampMs: number;
  offset: number;
}

/**
 * Adds a sampled log-end offset to a partition's history (pure; returns a new array). Only growth is kept:
 * while the offset stands still, the first point of the flat stretch is the one that says when the log
 * reached it. An offset below the last one means the topic was recreated, so the history starts over.
 */
export const appendOffsetPoint = (
  history: readonly OffsetPoint[],
  point: OffsetPoint,
  maxPoints: number,
): OffsetPoint[] => {
  const last = history.at(-1);
  if (last === undefined || point.offset < last.offset) return [point];
  if (point.offset === last.offset) return [...history];
  return [...history, point].slice(-maxPoints);
};

/**
 * When did the log-end offset reach `offset`? Linear interpolation between the samples around it, as
 * kafka-lag-exporter does. Before the oldest point we only know "at least that long ago", so the oldest
 * point's time is returned: the lag in seconds is then a lower bound that grows with the history.
 * Undefined when the history is empty or the offset is beyond every sample (nothing is pending).
 */
export const timeLogReached = (history: readonly OffsetPoint[], offset: number): number | undefined => {
  const index = history.findIndex((point) => point.offset >= offset);
  if (index === -1) return undefined;
  const after = history[index] as OffsetPoint;
  const before = history[index - 1];
  if (before === undefined) return after.timestampMs;
  const fraction = (offset - before.offset) / (after.offset - before.offset);
  return before.timestampMs + fraction * (after.timestampMs - before.timestampMs);
};

/** Seconds between when the log reached the committed offset and `nowMs`; 0 when caught up. */
export const lagSeconds = (options: {
  history: readonly OffsetPoint[];
  committedOffset: number;
  nowMs: number;
}): number => {
  const { history, committedOffset, nowMs } = options;
  const latest = history.at(-1);
  if (latest === undefined || committedOffset >= latest.offset) return 0;
  const reachedAt = timeLogReached(history, committedOffset);
  return reachedAt === undefined ? 0 : Math.max(0, (nowMs - reachedAt) / 1000);
};
