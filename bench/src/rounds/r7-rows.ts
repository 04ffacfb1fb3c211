import type { LedgerCommit } from '@orderflow/testing';

import { throughputRow, type Measurement } from '../measure';
import { checkRelay, type RelayedRecord } from '../relay-check';
import type { GateResult, RowResult } from '../round.types';
import { percentile } from '../stats';
import type { PacedSends } from './r7-load';

/**
 * Below what payment commits per second from a backlog on this machine (R7's first row), so that the
 * paced phase measures the relay of a ledger that keeps up; the sent → commit rows show whether it did.
 */
export const R7_RATE = 50;
/** The paced phase must send at least this share of the rate asked, or its latencies are not at that rate. */
const RATE_FLOOR = 0.95;

export const r7Rows = {
  ledger: (count: number) => `ledger: ${count} pre-loaded inventory.reserved, first → last commit`,
  relayed: (count: number) => `relayed: ${count}, first commit → last read on payment.*`,
  latency: (label: string) => `@${R7_RATE}/s: commit → read on payment.*, ${label}`,
  sentToCommit: (label: string) => `@${R7_RATE}/s: inventory.reserved sent → ledger commit, ${label}`,
  startToCommit: `@${R7_RATE}/s: transaction start (recorded_at) → commit, p50`,
  resent: 'relay: records resent with an event id already read',
};

/** What the round collected: the ledger with commit times from the WAL, what the reader read, the sends. */
export interface R7Observations {
  backlog: number;
  commits: LedgerCommit[];
  records: RelayedRecord[];
  paced: PacedSends;
  backlogMeasurement: Measurement;
  pacedMeasurement: Measurement;
}

/** The ledger and the reader's records of some orders only (one phase's). */
const phase = (observations: R7Observations, orders: (orderId: string) => boolean) => {
  const commits = observations.commits.filter((commit) => orders(commit.orderId));
  const records = observations.records.filter((record) => orders(record.orderId));
  return { commits, check: checkRelay(commits, records) };
};

export const r7Results = (observations: R7Observations): RowResult[] => {
  const { backlog, paced } = observations;
  const isPaced = (orderId: string): boolean => paced.sentAtMs.has(orderId);
  const whole = checkRelay(observations.commits, observations.records);
  const first = phase(observations, (orderId) => !isPaced(orderId));
  const steady = phase(observations, isPaced);

  const { firstCommitMs = 0, lastCommitMs = 0, lastRelayedMs = 0 } = first.check;
  const backlogGate: GateResult =
    first.commits.length === backlog
      ? first.check.gate
      : { ok: false, detail: `${first.commits.length} ledger rows of ${backlog} events` };
  const steadyGate: GateResult = !steady.check.gate.ok
    ? steady.check.gate
    : paced.achievedPerSecond < R7_RATE * RATE_FLOOR
      ? { ok: false, detail: `${paced.achievedPerSecond.toFixed(1)}/s sent of the ${R7_RATE}/s asked` }
      : { ok: true, detail: `${steady.check.gate.detail}; sent at ${paced.achievedPerSecond.toFixed(1)}/s` };

  const pacedRow = (row: string, values: number[], p: number | 'max', gate = steadyGate): RowResult => ({
    row,
    unit: 'ms',
    figure:
      !gate.ok || values.length === 0 ? undefined : p === 'max' ? Math.max(...values) : percentile(values, p),
    gate,
    count: values.length,
    elapsedMs: observations.pacedMeasurement.elapsedMs,
    self: observations.pacedMeasurement.self,
  });
  const latencies = steady.check.latenciesMs;
  const sentToCommit = steady.commits.map(
    (commit) => commit.committedAtMs - (paced.sentAtMs.get(commit.orderId) ?? Number.NaN),
  );
  const startToCommit = steady.commits.map((commit) => commit.committedAtMs - commit.startedAtMs);
  const { backlogMeasurement } = observations;
  return [
    throughputRow(
      r7Rows.ledger(backlog),
      'commits/s',
      backlog,
      { ...backlogMeasurement, elapsedMs: lastCommitMs - firstCommitMs },
      backlogGate,
    ),
    throughputRow(
      r7Rows.relayed(backlog),
      'events/s',
      backlog,
      { ...backlogMeasurement, elapsedMs: lastRelayedMs - firstCommitMs },
      backlogGate,
    ),
    pacedRow(r7Rows.latency('p50'), latencies, 50),
    pacedRow(r7Rows.latency('p95'), latencies, 95),
    pacedRow(r7Rows.latency('p99'), latencies, 99),
    pacedRow(r7Rows.latency('max'), latencies, 'max'),
    pacedRow(r7Rows.sentToCommit('p50'), sentToCommit, 50),
    pacedRow(r7Rows.sentToCommit('p99'), sentToCommit, 99),
    pacedRow(r7Rows.startToCommit, startToCommit, 50),
    {
      row: r7Rows.resent,
      unit: 'records',
      figure: whole.gate.ok ? whole.resent : undefined,
      gate: whole.gate,
      count: observations.records.length,
      elapsedMs: observations.pacedMeasurement.elapsedMs,
      self: observations.pacedMeasurement.self,
    },
  ];
};
