/** Accept → notification latencies from record timestamps, and the exactly-once check that gates them. */
export interface KeyedTimestamp {
  key: string;
  timestampMs: number;
}

export interface LatencyPairing {
  /** notification timestamp − order.created timestamp, one per order with exactly one notification. */
  latenciesMs: number[];
  /** Orders with no notification. */
  missing: string[];
  /** Orders with more than one notification, or created more than once. */
  duplicated: string[];
}

/** Pairs each created key with the notifications of the same key (notifications of other keys are ignored). */
export const pairLatencies = (created: KeyedTimestamp[], notified: KeyedTimestamp[]): LatencyPairing => {
  const createdAt = new Map<string, number>();
  const duplicated = new Set<string>();
  for (const { key, timestampMs } of created) {
    if (createdAt.has(key)) duplicated.add(key);
    createdAt.set(key, timestampMs);
  }
  const notifiedAt = new Map<string, number[]>();
  for (const { key, timestampMs } of notified) {
    if (createdAt.has(key)) notifiedAt.set(key, [...(notifiedAt.get(key) ?? []), timestampMs]);
  }
  const latenciesMs: number[] = [];
  const missing: string[] = [];
  for (const [key, start] of createdAt) {
    const ends = notifiedAt.get(key) ?? [];
    if (ends.length === 0) missing.push(key);
    else if (ends.length > 1) duplicated.add(key);
    else if (!duplicated.has(key)) latenciesMs.push((ends[0] as number) - start);
  }
  return { latenciesMs, missing, duplicated: [...duplicated] };
};
