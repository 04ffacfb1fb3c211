import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

import { projectPaths } from '@orderflow/config';

import type { ChaosOptions } from '../options';
import type { CaseReport } from './case-report';

const BEGIN = '<!-- chaos-table:begin -->';
const END = '<!-- chaos-table:end -->';

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

/** The table of one run: a row per case, `| <number> | <name> | …`. */
export const renderTable = (reports: readonly CaseReport[], context: RunContext): string =>
  [
    `Run of ${context.date.slice(0, 10)} on ${context.cpus} × ${context.cpuModel}, ${context.memoryGb} GB, Node ${context.node}, commit ${context.commit}.`,
    '',
    '| # | Case | Orders (202) | Faults (in flight) | Invariants | Recovery | Result |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...reports.map(
      (report) =>
        `| ${report.number} | ${report.name} | ${report.orders} (${report.clients.accepted}) | ${report.faults.injected} (${report.faults.inFlight}) | ${invariantCell(report)} | ${report.recovery.maxSeconds.toFixed(1)} s | ${report.passed ? 'pass' : 'FAIL'} |`,
    ),
  ].join('\n');

/** docs/reliability.json (raw results) and the table between the chaos markers of docs/reliability.md. */
export type RunContext = ReturnType<typeof runContext>;

export const writeReliabilityDocs = (
  reports: readonly CaseReport[],
  options: ChaosOptions,
  context: RunContext,
): void => {
  const docs = join(projectPaths().root, 'docs');
  writeFileSync(
    join(docs, 'reliability.json'),
    `${JSON.stringify({ ...context, orders: options.orders, rate: options.rate, cases: reports }, null, 2)}\n`,
  );
  const path = join(docs, 'reliability.md');
  const text = readFileSync(path, 'utf8');
  const table = `${BEGIN}\n\n${renderTable(reports, context)}\n\n${END}`;
  const begin = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  writeFileSync(
    path,
    begin >= 0 && end > begin
      ? `${text.slice(0, begin)}${table}${text.slice(end + END.length)}`
      : `${text.trimEnd()}\n\n## Fault suite results (\`npm run chaos -- --report\`)\n\n${table}\n`,
  );
  // The page is hand-written around the table, so it stays under `prettier --check` (npm run lint).
  execFileSync('npx', ['--no-install', 'prettier', '--write', path, join(docs, 'reliability.json')], {
    cwd: projectPaths().root,
    stdio: 'ignore',
  });
};
