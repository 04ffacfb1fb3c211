import { startPipeline, type Pipeline } from '@orderflow/e2e';
import type { PartitionRecord } from '@orderflow/kafka';
import { readAllRecords, waitFor } from '@orderflow/testing';

import { deadlineFor } from '../bench-kafka';
import { failedRow, startStopwatch, type Measurement } from '../measure';
import {
  rowKey,
  type GateResult,
  type ProcessUsage,
  type Round,
  type RoundContext,
  type RowResult,
} from '../round.types';
import { GENEROUS_STOCK, sampleOrder } from '../sample-orders';

import { percentile } from '../stats';
import { pairLatencies, type LatencyPairing } from './event-latency';
import { addUsages, measureRunningProcesses, type MeasuredChild } from './process-usage';
import { R1_AWAITED_SEND } from './r1-kafkajs.round';
import { runLoad, type Load, type LoadResult } from './r4-load';

/**
 * R4 (a coordinator, longer than most): the five services as processes of their own (as `npm start` runs
 * them) on a fresh namespace, POST /orders driven from another process: fixed rates by an open-loop
 * generator (autocannon's rate limit sends each connection's per-second quota at once, a burst every
 * second), the maximum by autocannon. Phases run one after another, each drained (every accepted order
 * notified) before the next, so each phase's orders are told apart by the time window of their
 * order.created timestamps.
 */
const MAX_CONNECTIONS = 64;
// 50/s: the latency of a machine with room to spare; 200/s: the p99 target's rate; 1000/s: overload.
const RATES = [50, 200, 1000] as const;
const TARGET_RATE = 200;
const E2E_P99_TARGET_MS = 50;
/** A fixed-rate phase whose requests fell this far behind its rate measured a lighter load than its name. */
const MIN_RATE_SHARE = 0.95;

export const r4Rows = {
  max: `ingest max (${MAX_CONNECTIONS} connections): 202/s`,
  share202: `ingest max (${MAX_CONNECTIONS} connections): share of 202`,
  achieved: (rate: number) => `ingest @${rate}/s: achieved`,
  httpP50: (rate: number) => `ingest @${rate}/s: HTTP p50`,
  httpP99: (rate: number) => `ingest @${rate}/s: HTTP p99`,
  e2eP50: (rate: number) => `accept → notification.sent @${rate}/s: p50`,
  e2eP99: (rate: number) => `accept → notification.sent @${rate}/s: p99`,
};

interface Phase {
  label: string;
  rate: number | undefined;
  windowStart: number;
  windowEnd: number;
  load: LoadResult | undefined;
  run: MeasuredChild;
  measurement: Measurement;
  /** The load generator and the five services over the phase, drain included. */
  children: ProcessUsage;
}

/** Seconds per phase from --messages: 20 000 messages → 10 s; at least 3 s, at most 20 s. */
const phaseSeconds = (messages: number): number => Math.min(20, Math.max(3, Math.round(messages / 2_000)));

const recordCount = async (pipeline: Pipeline, topic: string): Promise<number> => {
  const admin = await pipeline.namespace.admin();
  const offsets = await admin.fetchTopicOffsets(`${pipeline.namespace.prefix}${topic}`);
  return offsets.reduce((sum, partition) => sum + Number(partition.high) - Number(partition.low), 0);
};

/**
 * Waits until every order.created so far has its notification.sent (one each, checked later). Requests
 * in flight when autocannon stops are still answered and published after it exits, so the created count
 * is re-read on every poll and must hold still between two polls.
 */
const drain = async (pipeline: Pipeline): Promise<void> => {
  let previous = -1;
  await waitFor(
    async () => {
      const created = await recordCount(pipeline, 'order.created');
      const settled = created === previous && (await recordCount(pipeline, 'notification.sent')) >= created;
      previous = created;
      return settled ? true : undefined;
    },
    {
      description: 'every accepted order to reach notification.sent',
      timeoutMs: deadlineFor(100_000, 200),
      intervalMs: 500,
    },
  );
};

const runPhase = async (pipeline: Pipeline, ctx: RoundContext, label: string, spec: Load): Promise<Phase> => {
  const stopwatch = startStopwatch();
  const services = measureRunningProcesses(
    Object.values(pipeline.services).flatMap((service) => (service.pid === undefined ? [] : [service.pid])),
  );
  const windowStart = Date.now();
  const { load, run } = await runLoad(`${pipeline.orderApiUrl}/orders`, JSON.stringify(requestBody), spec);
  await drain(pipeline);
  // Phases are separated by drains, so the window runs to the drain's end and takes in the orders
  // accepted after the load generator stopped waiting for their answers.
  const windowEnd = Date.now();
  const measurement = stopwatch.stop();
  ctx.progress(
    `R4 ${label}: ${load ? `${load.accepted} accepted, ${load.failureDetail}, HTTP p50 ${load.latency.p50.toFixed(1)} ms, p99 ${load.latency.p99.toFixed(1)} ms` : `the load generator failed: ${run.stderr.slice(-300)}`}`,
  );
  return {
    label,
    rate: spec.kind === 'fixed-rate' ? spec.rate : undefined,
    windowStart,
    windowEnd,
    load,
    run,
    measurement,
    children: addUsages(run.usage, services()),
  };
};

// One order body for every request: POST /orders without an Idempotency-Key makes each one a new order.
const order = sampleOrder(1);
const requestBody = { customerId: order.customerId, currency: order.currency, items: order.items };

const keyed = (records: PartitionRecord[]) =>
  records.map((record) => ({ key: record.key?.toString() ?? '', timestampMs: Number(record.timestamp) }));

/** Orders answered with 202 per second of the phase's load. */
const achievedRate = (load: LoadResult): number => load.accepted / load.durationSeconds;

/** Gate of a phase: its accepted orders are the order.created records of its window, each notified once. */
const phaseGate = (
  phase: Phase,
  created: number,
  pairing: LatencyPairing,
  { atRate }: { atRate: boolean },
): GateResult => {
  const load = phase.load;
  if (!load)
    return { ok: false, detail: `the load generator gave no report: ${phase.run.stderr.slice(-300)}` };
  const problems: string[] = [];
  // Orders accepted whose answers the generator did not count must be notified too.
  const unanswered = created - load.accepted;
  if (unanswered < 0 || unanswered > load.uncountedAtMost) {
    problems.push(`${load.accepted} accepted but ${created} order.created records`);
  }
  if (pairing.missing.length > 0) problems.push(`${pairing.missing.length} orders never notified`);
  if (pairing.duplicated.length > 0)
    problems.push(`${pairing.duplicated.length} orders notified or created twice`);
  // Only the unthrottled phase may overload the API; a fixed rate it cannot serve is a failure.
  if (phase.rate !== undefined && load.failures > 0) problems.push(load.failureDetail);
  const achieved = achievedRate(load);
  if (atRate && phase.rate !== undefined && achieved < phase.rate * MIN_RATE_SHARE) {
    problems.push(`${achieved.toFixed(0)} orders/s answered of the ${phase.rate}/s asked`);
  }
  if (problems.length > 0) return { ok: false, detail: problems.join('; ') };
  return {
    ok: true,
    detail: `${created} order.created (${load.accepted} answered 202 + ${unanswered} after the generator stopped), each with exactly one notification.sent; ${load.failureDetail}`,
  };
};

const row = (
  phase: Phase,
  gate: GateResult,
  name: string,
  figure: number | undefined,
  unit: string,
  extra: Pick<RowResult, 'baseline' | 'target'> = {},
): RowResult => ({
  row: name,
  figure: gate.ok ? figure : undefined,
  unit,
  gate,
  count: phase.load?.accepted ?? 0,
  elapsedMs: (phase.load?.durationSeconds ?? 0) * 1_000,
  self: phase.measurement.self,
  children: phase.children,
  ...extra,
});

/**
 * A phase's rows. `gate` holds its figures to the rate asked for; `delivered` only to correctness, for the
 * achieved-rate row, which reports a shortfall instead of hiding it.
 */
const phaseRows = (
  phase: Phase,
  gate: GateResult,
  delivered: GateResult,
  pairing: LatencyPairing,
): RowResult[] => {
  const load = phase.load;
  if (phase.rate === undefined) {
    return [
      row(phase, gate, r4Rows.max, load && achievedRate(load), 'orders/s', {
        baseline: rowKey('R1', R1_AWAITED_SEND),
        target: { description: 'ingest ≥ 2× R1 awaited send', ratioAtLeast: 2 },
      }),
      row(
        phase,
        gate,
        r4Rows.share202,
        load && load.answered > 0 ? (load.accepted / load.answered) * 100 : undefined,
        '%',
      ),
    ];
  }
  return [
    row(phase, delivered, r4Rows.achieved(phase.rate), load && achievedRate(load), 'orders/s'),
    row(phase, gate, r4Rows.httpP50(phase.rate), load?.latency.p50, 'ms'),
    row(phase, gate, r4Rows.httpP99(phase.rate), load?.latency.p99, 'ms'),
    row(phase, gate, r4Rows.e2eP50(phase.rate), percentile(pairing.latenciesMs, 50), 'ms'),
    row(
      phase,
      gate,
      r4Rows.e2eP99(phase.rate),
      percentile(pairing.latenciesMs, 99),
      'ms',
      phase.rate === TARGET_RATE
        ? {
            target: {
              description: `end-to-end p99 ≤ ${E2E_P99_TARGET_MS} ms at ${TARGET_RATE} orders/s`,
              figureAtMost: E2E_P99_TARGET_MS,
            },
          }
        : {},
    ),
  ];
};

/** Every row R4 reports, with its unit: what a round that failed before measuring reports no figure for. */
const allRows = (): [name: string, unit: string][] => [
  ...RATES.flatMap((rate): [string, string][] => [
    [r4Rows.achieved(rate), 'orders/s'],
    [r4Rows.httpP50(rate), 'ms'],
    [r4Rows.httpP99(rate), 'ms'],
    [r4Rows.e2eP50(rate), 'ms'],
    [r4Rows.e2eP99(rate), 'ms'],
  ]),
  [r4Rows.max, 'orders/s'],
  [r4Rows.share202, '%'],
];

export const r4HttpIngestRound: Round = {
  id: 'R4',
  name: 'HTTP ingest: POST /orders at fixed rates and at the maximum, each service a process of its own',
  async run(ctx) {
    let pipeline: Pipeline | undefined;
    try {
      pipeline = await startPipeline(`bench-r4-${ctx.repetition}`, {
        unitsPerSku: GENEROUS_STOCK,
        processes: true,
      });
      const seconds = phaseSeconds(ctx.messages);
      // Warm-up: JIT, connection pools and consumer fetch loops, excluded from every row.
      await runPhase(pipeline, ctx, 'warm-up', { kind: 'fixed-rate', rate: 100, seconds: 2 });
      const phases: Phase[] = [];
      for (const rate of RATES) {
        phases.push(await runPhase(pipeline, ctx, `@${rate}/s`, { kind: 'fixed-rate', rate, seconds }));
      }
      phases.push(
        await runPhase(pipeline, ctx, 'max', { kind: 'max', connections: MAX_CONNECTIONS, seconds }),
      );

      const created = keyed(await readAllRecords(pipeline.namespace, 'order.created'));
      const notified = keyed(await readAllRecords(pipeline.namespace, 'notification.sent'));
      return phases.flatMap((phase) => {
        const inWindow = created.filter(
          (record) => record.timestampMs >= phase.windowStart && record.timestampMs <= phase.windowEnd,
        );
        const pairing = pairLatencies(inWindow, notified);
        const gate = (atRate: boolean) => phaseGate(phase, inWindow.length, pairing, { atRate });
        return phaseRows(phase, gate(true), gate(false), pairing);
      });
    } catch (error) {
      return allRows().map(([name, unit]) => failedRow(name, unit, error));
    } finally {
      await pipeline?.close();
    }
  },
};
