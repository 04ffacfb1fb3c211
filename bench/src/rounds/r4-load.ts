import { join } from 'node:path';

import type { FixedRateReport } from '../load/fixed-rate-load';
import { runAutocannon } from './autocannon-run';
import { runMeasuredChild, type MeasuredChild } from './process-usage';

/** One load phase against POST /orders, whichever tool drove it. */
export interface LoadResult {
  durationSeconds: number;
  /** Answers with 202 Accepted. */
  accepted: number;
  /** Every HTTP answer, whatever its status. */
  answered: number;
  /** Non-202 answers, connection errors and timeouts. */
  failures: number;
  failureDetail: string;
  /** Requests whose answers the tool may not have counted (in flight when it stopped). */
  uncountedAtMost: number;
  latency: { p50: number; p99: number };
}

export type Load =
  /** Open loop at a fixed rate (our generator): latency from each request's due time. */
  | { kind: 'fixed-rate'; rate: number; seconds: number }
  /** As fast as the API answers, `connections` requests outstanding (autocannon). */
  | { kind: 'max'; connections: number; seconds: number };

const FIXED_RATE_CLI = join(__dirname, '..', 'load', 'fixed-rate-load.cli.js');

const failureDetail = (non202: number, errors: number, timeouts: number): string =>
  `${non202} non-202, ${errors} errors, ${timeouts} timeouts`;

/** Runs the load in a child process; `load` is undefined when the tool gave no report (see `run.stderr`). */
export const runLoad = async (
  url: string,
  body: string,
  load: Load,
): Promise<{ load: LoadResult | undefined; run: MeasuredChild }> => {
  if (load.kind === 'max') {
    const { report, run } = await runAutocannon({
      url,
      body,
      connections: load.connections,
      durationSeconds: load.seconds,
    });
    if (!report) return { load: undefined, run };
    const accepted = report.statusCodeStats['202']?.count ?? 0;
    const answered = report['2xx'] + report.non2xx;
    return {
      run,
      load: {
        durationSeconds: report.duration,
        accepted,
        answered,
        failures: answered - accepted + report.errors + report.timeouts,
        failureDetail: failureDetail(answered - accepted, report.errors, report.timeouts),
        // autocannon drops the answers in flight when its duration ends: at most one per connection.
        uncountedAtMost: load.connections,
        latency: { p50: report.latency.p50, p99: report.latency.p99 },
      },
    };
  }
  const run = await runMeasuredChild(
    process.execPath,
    [FIXED_RATE_CLI, url, String(load.rate), String(load.seconds), body],
    { timeoutMs: (load.seconds + 60) * 1_000 },
  );
  let report: FixedRateReport;
  try {
    report = JSON.parse(run.stdout) as FixedRateReport;
  } catch {
    return { load: undefined, run };
  }
  const accepted = report.statusCounts['202'] ?? 0;
  const answered = Object.values(report.statusCounts).reduce((sum, count) => sum + count, 0);
  return {
    run,
    load: {
      durationSeconds: report.durationSeconds,
      accepted,
      answered,
      failures: report.sent - accepted,
      failureDetail: failureDetail(answered - accepted, report.errors, report.timeouts),
      // A request the generator stopped waiting for was sent all the same: the API may place it later.
      uncountedAtMost: report.timeouts,
      latency: { p50: report.latency.p50, p99: report.latency.p99 },
    },
  };
};
