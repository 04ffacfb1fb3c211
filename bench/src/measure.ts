import type { GateResult, ProcessUsage, RowResult } from './round.types';

export interface Measurement {
  elapsedMs: number;
  self: ProcessUsage;
}

export interface Stopwatch {
  /** Restarts the clock and CPU baseline (e.g. at the first consumed message), keeping the RSS peak. */
  restart(): void;
  stop(): Measurement;
}

const RSS_SAMPLE_MS = 25;
const mb = (bytes: number): number => bytes / 1_048_576;

/** Wall clock, CPU of this process and its peak RSS (sampled every 25 ms) over a measured phase. */
export const startStopwatch = (): Stopwatch => {
  let started = performance.now();
  let cpu = process.cpuUsage();
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, RSS_SAMPLE_MS);
  sampler.unref();
  return {
    restart() {
      started = performance.now();
      cpu = process.cpuUsage();
    },
    stop() {
      clearInterval(sampler);
      const elapsedMs = performance.now() - started;
      const used = process.cpuUsage(cpu);
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
      return {
        elapsedMs,
        self: { cpuUserMs: used.user / 1_000, cpuSystemMs: used.system / 1_000, peakRssMb: mb(peakRss) },
      };
    },
  };
};

/** A throughput row: count / elapsed seconds, and no figure at all when the gate failed. */
export const throughputRow = (
  row: string,
  unit: string,
  count: number,
  measurement: Measurement,
  gate: GateResult,
  extra: Pick<RowResult, 'baseline' | 'target' | 'children'> = {},
): RowResult => ({
  row,
  unit,
  count,
  figure: gate.ok && measurement.elapsedMs > 0 ? count / (measurement.elapsedMs / 1_000) : undefined,
  gate,
  elapsedMs: measurement.elapsedMs,
  self: measurement.self,
  ...extra,
});

/** A row that could not run at all (setup failed): reported as a failed gate with the reason. */
export const failedRow = (row: string, unit: string, error: unknown): RowResult => ({
  row,
  unit,
  count: 0,
  figure: undefined,
  gate: { ok: false, detail: `did not complete: ${error instanceof Error ? error.message : String(error)}` },
  elapsedMs: 0,
  self: { cpuUserMs: 0, cpuSystemMs: 0, peakRssMb: mb(process.memoryUsage.rss()) },
});

/** One progress line for a finished row. */
export const describeRow = (row: RowResult): string =>
  row.gate.ok && row.figure !== undefined
    ? `${row.row}: ${Math.round(row.figure)} ${row.unit} (${row.count} in ${(row.elapsedMs / 1_000).toFixed(2)} s)`
    : `${row.row}: GATE FAILED, ${row.gate.detail}`;
