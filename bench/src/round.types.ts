import type { ConnectionSettings } from '@orderflow/config';

/** Whether a row's output matches its input: counts, a key checksum, duplicates. */
export interface GateResult {
  ok: boolean;
  /** What was checked, e.g. `20000 in = 20000 out, checksum 5d1c… equal, 0 duplicates`. */
  detail: string;
}

/** CPU time (process.cpuUsage deltas) and peak RSS of one process over a measured phase. */
export interface ProcessUsage {
  cpuUserMs: number;
  cpuSystemMs: number;
  peakRssMb: number;
}

/** One measured row of one round's run. A row whose gate failed carries no figure. */
export interface RowResult {
  /** Stable within a round, e.g. `producer: awaited send, 1 in flight`. */
  row: string;
  figure: number | undefined;
  unit: string;
  gate: GateResult;
  /** Items behind the figure (messages, orders, requests). */
  count: number;
  elapsedMs: number;
  self: ProcessUsage;
  /** Processes the round spawned (e.g. Kafka's perf-test tools), summed. */
  children?: ProcessUsage;
  /** `<round id> <row>` of the row this one is compared with; the driver reports the ratio per round. */
  baseline?: string;
  /** The figure this row should reach (a ratio to its baseline or a ceiling), checked against the median. */
  target?: Target;
}

export interface Target {
  description: string;
  /** The median ratio to `baseline` must reach this. */
  ratioAtLeast?: number;
  /** The median figure must not exceed this (latencies). */
  figureAtMost?: number;
}

export interface RoundContext {
  settings: ConnectionSettings;
  /** The message count rows are sized from; slow rows use a fraction (`scaled`). */
  messages: number;
  /** `messages / divisor`, at least 100: for rows an order of magnitude slower than the rest. */
  scaled(divisor: number): number;
  /** Bytes of a mean Avro-encoded order.created (Confluent framing included). */
  recordBytes: number;
  /** 1-based repetition, for unique names and progress lines. */
  repetition: number;
  progress(line: string): void;
}

/** One benchmark round: run once per repetition, interleaved with the other rounds. */
export interface Round {
  id: string;
  name: string;
  run(ctx: RoundContext): Promise<RowResult[]>;
}

/** The full key of a row across rounds, as used by `baseline`. */
export const rowKey = (roundId: string, row: string): string => `${roundId} ${row}`;
