import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

import { projectPaths } from '@orderflow/config';

import type { ChaosOptions } from '../options';
import type { CaseReport } from './case-report';

/** The markers around the table of one run size in docs/reliability.md. */
const markers = (orders: number) => ({
  begin: `<!-- chaos-table:${orders}:begin -->`,
  end: `<!-- chaos-table:${orders}:end -->`,
});

const git = (args: string[]): string => {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
};

/**
 * Where the figures come from: the box, Node and the commit, taken when the run starts (commits made while
 * it runs are not what it ran), marked when tracked files had changes (untracked ones are not built).
 */
export const runContext = () => {
  const dirty =
    git(['status', '--porcelain', '--untracked-files=no', '--', '.', ':(exclude)docs/reliability*']) !== '';
  return {
    date: new Date().toISOString(),
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(totalmem() / 1_073_741_824),
    node: process.version,
    commit: `${git(['rev-parse', '--short', 'HEAD'])}${dirty ? ' + uncommitted changes' : ''}`,
  };
};

const invariantCell = (report: CaseReport): string =>
  report.error !== undefined
    ? `error: ${report.error.replace(/\|/g, '/').slice(0, 80)}`
    : report.invariants.map((result) => `${result.id}${result.pass ? '✓' : '✗'}`).join(' ');

export type RunContext = ReturnType<typeof runContext>;

/** A case's latest report at one run size, with the run it came from. */
export interface ReportedCase extends CaseReport {
  run: RunContext;
}

/**
 * docs/reliability.json: per run size (`--orders`), each case's latest `--report` result. Cases are run in
 * batches (a full run at the default size takes hours on two cores, the soak longer), so a batch replaces
 * its own cases' rows and keeps the others, each with the commit and date it ran on.
 */
export interface ReliabilityResults {
  tables: Record<string, { orders: number; rate: number; cases: ReportedCase[] }>;
}

/** The table of one run size: a row per case, `| <number> | <name> | …`, with the run each row came from. */
export const renderTable = (cases: readonly ReportedCase[]): string => {
  const machines = [...new Set(cases.map(({ run }) => `${run.cpus} × ${run.cpuModel}, ${run.memoryGb} GB`))];
  return [
    `Each case's latest \`--report\` run at this size, on ${machines.join('; ')}; the last column gives the commit each ran (the build it started with) and the day.`,
    '',
    '| # | Case | Orders (202) | Attempts | Faults (in flight) | Invariants | Recovery | Result | Run |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...[...cases]
      .sort((a, b) => a.number - b.number)
      .map(
        (report) =>
          `| ${report.number} | ${report.name} | ${report.orders} (${report.clients.accepted}) | ${report.clients.attempts} | ${report.faults.injected} (${report.faults.inFlight}) | ${invariantCell(report)} | ${report.recovery.maxSeconds.toFixed(1)} s | ${report.passed ? 'pass' : 'FAIL'} | ${report.run.commit}, ${report.run.date.slice(0, 10)}, Node ${report.run.node} |`,
      ),
  ].join('\n');
};

/** `results` with `reports` replacing the rows of their cases in the table of their size. */
export const mergeResults = (
  results: ReliabilityResults,
  reports: readonly CaseReport[],
  options: Pick<ChaosOptions, 'orders' | 'rate'>,
  run: RunContext,
): ReliabilityResults => {
  const size = String(options.orders);
  const kept = (results.tables[size]?.cases ?? []).filter(
    (reported) => !reports.some((report) => report.number === reported.number),
  );
  return {
    tables: {
      ...results.tables,
      [size]: {
        orders: options.orders,
        rate: options.rate,
        cases: [...kept, ...reports.map((report) => ({ ...report, run }))].sort(
          (a, b) => a.number - b.number,
        ),
      },
    },
  };
};

const readResults = (path: string): ReliabilityResults => {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<ReliabilityResults>;
    return parsed.tables === undefined ? { tables: {} } : { tables: parsed.tables };
  } catch {
    return { tables: {} };
  }
};

/**
 * Merges `reports` into docs/reliability.json and rewrites the table of their size between its markers in
 * docs/reliability.md (appended under a heading of its own the first time).
 */
export const writeReliabilityDocs = (
  reports: readonly CaseReport[],
  options: ChaosOptions,
  context: RunContext,
): void => {
  const docs = join(projectPaths().root, 'docs');
  const jsonPath = join(docs, 'reliability.json');
  const results = mergeResults(readResults(jsonPath), reports, options, context);
  writeFileSync(jsonPath, `${JSON.stringify(results, null, 2)}\n`);
  const path = join(docs, 'reliability.md');
  const text = readFileSync(path, 'utf8');
  const { begin: BEGIN, end: END } = markers(options.orders);
  const table = `${BEGIN}\n\n${renderTable(results.tables[String(options.orders)]?.cases ?? [])}\n\n${END}`;
  const begin = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  writeFileSync(
    path,
    begin >= 0 && end > begin
      ? `${text.slice(0, begin)}${table}${text.slice(end + END.length)}`
      : `${text.trimEnd()}\n\n## Fault suite results at ${options.orders} orders (\`npm run chaos -- --orders ${options.orders} --report\`)\n\n${table}\n`,
  );
  // The page is hand-written around the table, so it stays under `prettier --check` (npm run lint).
  execFileSync('npx', ['--no-install', 'prettier', '--write', path, jsonPath], {
    cwd: projectPaths().root,
    stdio: 'ignore',
  });
};
