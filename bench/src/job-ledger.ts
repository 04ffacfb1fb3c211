import type { GateResult } from './round.types';
import { percentile } from './stats';

/** What a measured phase of send jobs adds up to, read from the ledger once every job is done. */
export interface LedgerReport {
  gate: GateResult;
  /** Enqueue → done per job done exactly once, excluding the jobs asked to be left out. */
  latenciesMs: number[];
  p50Ms: number | undefined;
  p99Ms: number | undefined;
  maxMs: number | undefined;
  /** Jobs of `latenciesMs` that waited at least `heldAtLeastMs`. */
  held: number;
  /** Every job over the time from the first enqueue to the last done. */
  jobsPerSecond: number | undefined;
  elapsedMs: number;
}

export interface JobLedger {
  /** `atMs` is when the job was due (open loop: its slot, not when the client got to it). */
  enqueued(jobId: string, atMs: number): void;
  done(jobId: string, atMs: number): void;
  /** Enqueued jobs with no done yet: what a phase waits on. */
  pending(): number;
  report(options?: { excluding?: ReadonlySet<string>; heldAtLeastMs?: number }): LedgerReport;
}

/**
 * Per-job enqueue and done times of one phase, kept apart from any broker so that both brokers are judged
 * by the same arithmetic. A job done twice (a redelivery) or done without being enqueued fails the gate.
 */
export const createJobLedger = (): JobLedger => {
  const enqueuedAt = new Map<string, number>();
  const doneAt = new Map<string, number[]>();
  let strangers = 0;
  let doneOnce = 0;
  return {
    enqueued(jobId, atMs) {
      enqueuedAt.set(jobId, atMs);
    },
    done(jobId, atMs) {
      if (!enqueuedAt.has(jobId)) {
        strangers += 1;
        return;
      }
      const times = doneAt.get(jobId) ?? [];
      times.push(atMs);
      doneAt.set(jobId, times);
      if (times.length === 1) doneOnce += 1;
    },
    pending: () => enqueuedAt.size - doneOnce,
    report({ excluding = new Set(), heldAtLeastMs = Infinity } = {}) {
      const latenciesMs: number[] = [];
      let missing = 0;
      let duplicated = 0;
      let first = Infinity;
      let last = -Infinity;
      for (const [jobId, start] of enqueuedAt) {
        const ends = doneAt.get(jobId) ?? [];
        first = Math.min(first, start);
        if (ends.length === 0) missing += 1;
        if (ends.length > 1) duplicated += 1;
        for (const end of ends) last = Math.max(last, end);
        if (ends.length === 1 && !excluding.has(jobId)) latenciesMs.push((ends[0] as number) - start);
      }
      const problems = [
        ...(missing > 0 ? [`${missing} of ${enqueuedAt.size} jobs never done`] : []),
        ...(duplicated > 0 ? [`${duplicated} jobs done more than once`] : []),
        ...(strangers > 0 ? [`${strangers} jobs done that were never enqueued`] : []),
      ];
      const elapsedMs = last > first ? last - first : 0;
      return {
        gate:
          problems.length > 0
            ? { ok: false, detail: problems.join('; ') }
            : { ok: true, detail: `${enqueuedAt.size} jobs enqueued = done, each once` },
        latenciesMs,
        p50Ms: percentile(latenciesMs, 50),
        p99Ms: percentile(latenciesMs, 99),
        maxMs: latenciesMs.length === 0 ? undefined : Math.max(...latenciesMs),
        held: latenciesMs.filter((latency) => latency >= heldAtLeastMs).length,
        jobsPerSecond: elapsedMs > 0 ? enqueuedAt.size / (elapsedMs / 1_000) : undefined,
        elapsedMs,
      };
    },
  };
};
