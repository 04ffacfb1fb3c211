import { renderBeforeAfter, type EarlierRun } from './before-after';
import type { MachineInfo } from './machine';
import type { BenchOptions } from './options';
import { renderAsciiChart, renderMarkdownTable, renderTargets } from './render';
import type { RowSummary } from './summary';

export interface ReportInput {
  machine: MachineInfo;
  options: BenchOptions;
  recordBytes: number;
  summaries: RowSummary[];
  /** Rounds that were asked for but are not in this build (e.g. not written yet). */
  missing: string[];
  /** docs/benchmarks-before.json, when present: the run this one is compared with. */
  earlier?: EarlierRun;
}

const beforeAfterSection = (earlier: EarlierRun | undefined, summaries: RowSummary[]): string[] =>
  earlier === undefined
    ? []
    : [
        '## Before and after',
        '',
        `Medians of this run next to [benchmarks-before.json](benchmarks-before.json): commit \`${earlier.commit}\`, ` +
          `${earlier.date}, ${earlier.label}. Same machine and bench; "better" means more per second, or fewer ms.`,
        '',
        ...renderBeforeAfter(earlier, summaries),
        '',
      ];

/** docs/benchmarks.md: what ran where, the table, the targets, a chart. */
export const renderReport = ({
  machine,
  options,
  recordBytes,
  summaries,
  missing,
  earlier,
}: ReportInput): string =>
  [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` (${options.rounds} interleaved repetitions, --messages ${options.messages}) ` +
      `on commit \`${machine.commit}\`, ${machine.date}. Raw per-round values: [benchmarks.json](benchmarks.json).`,
    '',
    `Machine: ${machine.cpus} CPUs (${machine.model}), ${machine.memoryGb} GB, Node ${machine.node}, ${machine.java}. ` +
      'Kafka, the registry and Redis run on the same machine (the embedded stack), so every figure shares those cores. ' +
      'What was made faster, how, and what limits these figures: [performance.md](performance.md).',
    '',
    `Records are ${recordBytes} bytes, the mean Avro size of an order.created (Confluent framing included); ` +
      'every produce is acks=all. Consumer rows are timed from the first record handled to the last; ' +
      'producer rows from the first send to the last acknowledgement; the pipeline from the first produce ' +
      "until every group's committed offsets reach the log ends.",
    '',
    'A row reports a figure only when its gate passed: as many records out as in, the same key checksum ' +
      '(sum and xor of a 32-bit hash of every key), no duplicates. Ratios are per repetition (row and ' +
      'baseline from the same repetition), then the median. CPU is user+system of the bench process over the ' +
      "measured phase (R3's services run in this process); R4 runs the five services as processes of their " +
      "own, as `npm start` does, and their CPU and peak RSS are in the child figures with autocannon's. A " +
      'fixed-rate R4 phase reports the rate it achieved; its latency rows report no figure when that fell ' +
      'more than 5 % short of the rate asked.',
    '',
    '## Results',
    '',
    renderMarkdownTable(summaries),
    '',
    '## Targets',
    '',
    ...renderTargets(summaries).map((line) => `- ${line}`),
    ...(missing.length > 0 ? [`- Not in this run: ${missing.join(', ')}.`] : []),
    '',
    ...beforeAfterSection(earlier, summaries),
    '## Chart',
    '',
    'Bars relative to the fastest row of the same unit ([SVG](benchmarks.svg)).',
    '',
    '```text',
    renderAsciiChart(summaries),
    '```',
    '',
  ].join('\n');
