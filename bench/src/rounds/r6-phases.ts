import { setTimeout as delay } from 'node:timers/promises';

import type { OrderCreated } from '@orderflow/contracts';
import { waitFor } from '@orderflow/testing';

import { deadlineFor } from '../bench-kafka';
import { createJobLedger, type JobLedger, type LedgerReport } from '../job-ledger';
import { startStopwatch, throughputRow, type Measurement } from '../measure';
import type { RoundContext, RowResult } from '../round.types';
import { sampleOrder } from '../sample-orders';
import { SLOW_SEND_MS, type JobBroker, type SendJobs } from './r6-send-job';

export const STEADY_RATE = 200;
/** Another job counts as held up by the slow one when it waited this long (a hundred send times). */
export const HELD_MS = 500;
/**
 * Jobs of each fixed-rate phase, whatever --messages says (which sizes the burst): five seconds at the rate
 * is a p99 over 1000 jobs, and long enough for the rate to go on well past a slow job a quarter in.
 */
const RATE_JOBS = 5 * STEADY_RATE;
// Joins the group / registers the consumers and warms the JIT before anything is timed.
const WARM_UP_JOBS = 50;

export const r6Rows = {
  burst: (label: string, count: number) => `${label}: burst of ${count}, enqueue → all done`,
  steadyP50: (label: string) => `${label}: ${STEADY_RATE}/s, p50 enqueue → done`,
  steadyP99: (label: string) => `${label}: ${STEADY_RATE}/s, p99 enqueue → done`,
  slowP99: (label: string) => `${label}: ${STEADY_RATE}/s + one ${SLOW_SEND_MS / 1_000} s job, others' p99`,
  slowMax: (label: string) => `${label}: ${STEADY_RATE}/s + one ${SLOW_SEND_MS / 1_000} s job, others' max`,
  slowHeld: (label: string) =>
    `${label}: ${STEADY_RATE}/s + one ${SLOW_SEND_MS / 1_000} s job, others held ≥ ${HELD_MS} ms`,
};

const orders = (count: number): OrderCreated[] =>
  Array.from({ length: count }, (_, index) => sampleOrder(index));

const untilAllDone = (ledger: JobLedger, count: number, what: string): Promise<unknown> =>
  waitFor(() => Promise.resolve(ledger.pending() === 0 ? true : undefined), {
    description: `${count} jobs of the ${what} to be done`,
    timeoutMs: deadlineFor(count, 50),
    intervalMs: 10,
  });

/**
 * Open loop: job i is due at start + i / rate and enqueued then, whatever happened to the jobs before it,
 * and its latency counts from when it was due, so a stalled client shows as latency, not as a lower rate.
 */
const enqueueAtRate = async (broker: JobBroker, jobs: OrderCreated[], ledger: JobLedger): Promise<void> => {
  const start = performance.now();
  const sends: Promise<void>[] = [];
  for (const [index, order] of jobs.entries()) {
    const due = start + (index * 1_000) / STEADY_RATE;
    const wait = due - performance.now();
    if (wait > 0) await delay(wait);
    ledger.enqueued(order.orderId, due);
    sends.push(broker.enqueue(order));
  }
  await Promise.all(sends);
};

/** A row whose figure is one value of the ledger's report, shown only when every job was done once. */
const valueRow = (
  row: string,
  unit: string,
  value: number | undefined,
  report: LedgerReport,
  measurement: Measurement,
): RowResult => ({
  row,
  unit,
  figure: report.gate.ok ? value : undefined,
  gate: report.gate,
  count: report.latenciesMs.length,
  elapsedMs: report.elapsedMs,
  self: measurement.self,
});

const tracked = async (
  jobs: SendJobs,
  what: string,
  count: number,
  enqueue: (ledger: JobLedger) => Promise<void>,
  slowJobId?: string,
): Promise<{ ledger: JobLedger; measurement: Measurement }> => {
  const ledger = createJobLedger();
  jobs.track(ledger, slowJobId);
  const stopwatch = startStopwatch();
  await enqueue(ledger);
  await untilAllDone(ledger, count, what);
  return { ledger, measurement: stopwatch.stop() };
};

/** Warm-up, then the burst, the steady rate and the one slow job, each waiting for the one before to drain. */
export const measureBroker = async (
  ctx: RoundContext,
  broker: JobBroker,
  jobs: SendJobs,
  burstBaseline?: string,
): Promise<RowResult[]> => {
  const { label } = broker;
  const burst = async (what: string, batch: OrderCreated[]) =>
    tracked(jobs, what, batch.length, async (ledger) => {
      const now = performance.now();
      for (const order of batch) ledger.enqueued(order.orderId, now);
      await broker.enqueueAll(batch);
    });
  await burst('warm-up', orders(WARM_UP_JOBS));

  const burstJobs = orders(ctx.messages);
  const drained = await burst('burst', burstJobs);
  const burstReport = drained.ledger.report();
  const burstRow = throughputRow(
    r6Rows.burst(label, burstJobs.length),
    'jobs/s',
    burstJobs.length,
    { ...drained.measurement, elapsedMs: burstReport.elapsedMs },
    burstReport.gate,
    burstBaseline === undefined ? {} : { baseline: burstBaseline },
  );

  const steadyJobs = orders(RATE_JOBS);
  const steady = await tracked(jobs, 'steady rate', steadyJobs.length, (ledger) =>
    enqueueAtRate(broker, steadyJobs, ledger),
  );
  const steadyReport = steady.ledger.report();

  const slowJobs = orders(RATE_JOBS);
  // A quarter in: the rate goes on for longer than the slow job takes, so it shows what that job holds up.
  const slowJobId = slowJobs[Math.floor(slowJobs.length / 4)]!.orderId;
  const slow = await tracked(
    jobs,
    'slow-job phase',
    slowJobs.length,
    (ledger) => enqueueAtRate(broker, slowJobs, ledger),
    slowJobId,
  );
  const slowReport = slow.ledger.report({ excluding: new Set([slowJobId]), heldAtLeastMs: HELD_MS });

  return [
    burstRow,
    valueRow(r6Rows.steadyP50(label), 'ms', steadyReport.p50Ms, steadyReport, steady.measurement),
    valueRow(r6Rows.steadyP99(label), 'ms', steadyReport.p99Ms, steadyReport, steady.measurement),
    valueRow(r6Rows.slowP99(label), 'ms', slowReport.p99Ms, slowReport, slow.measurement),
    valueRow(r6Rows.slowMax(label), 'ms', slowReport.maxMs, slowReport, slow.measurement),
    valueRow(r6Rows.slowHeld(label), 'jobs', slowReport.held, slowReport, slow.measurement),
  ];
};

/** Every row a broker reports, with its unit: what a broker that failed before measuring reports no figure for. */
export const brokerRows = (label: string, burstCount: number): [name: string, unit: string][] => [
  [r6Rows.burst(label, burstCount), 'jobs/s'],
  [r6Rows.steadyP50(label), 'ms'],
  [r6Rows.steadyP99(label), 'ms'],
  [r6Rows.slowP99(label), 'ms'],
  [r6Rows.slowMax(label), 'ms'],
  [r6Rows.slowHeld(label), 'jobs'],
];
