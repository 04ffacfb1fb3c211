import { runMeasuredChild, type MeasuredChild } from './process-usage';

/** The part of autocannon's `--json` report the rows use (latencies in ms, requests per second). */
export interface AutocannonReport {
  duration: number;
  '2xx': number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodeStats: Record<string, { count: number }>;
  latency: { p50: number; p99: number; average: number; max: number };
  requests: { average: number; total: number; sent: number };
}

export interface AutocannonOptions {
  url: string;
  body: string;
  connections: number;
  durationSeconds: number;
}

/**
 * autocannon, unthrottled, as a child process: in the bench's own event loop it would compete with the
 * bench's bookkeeping and measure that too.
 */
export const runAutocannon = async (
  options: AutocannonOptions,
): Promise<{ report: AutocannonReport | undefined; run: MeasuredChild }> => {
  const args = [
    require.resolve('autocannon/autocannon.js'),
    '--json',
    '--connections',
    String(options.connections),
    '--duration',
    String(options.durationSeconds),
    '--method',
    'POST',
    '--headers',
    'content-type=application/json',
    '--body',
    options.body,
    options.url,
  ];
  const run = await runMeasuredChild(process.execPath, args, {
    timeoutMs: (options.durationSeconds + 60) * 1_000,
  });
  let report: AutocannonReport | undefined;
  try {
    report = JSON.parse(run.stdout) as AutocannonReport;
  } catch {
    report = undefined;
  }
  return { report, run };
};
