import type { Command } from 'commander';

import { resolveConnectionSettings } from '@orderflow/config';
import { OrderflowError } from '@orderflow/errors';
import {
  withOperations,
  createDlqCounter,
  createRateLimiter,
  createRedriveProgress,
  describeRecordValue,
  parseIntegerList,
  parseIsoTimestamp,
  parsePositiveInteger,
  parseRate,
  redriveDlq,
  scanDlq,
  type OperationsClient,
  type RedriveStep,
} from '@orderflow/operations';
import { createAvroSerde, createRegistryClient } from '@orderflow/registry';
import { consumerGroup, consumerGroups, loadTopicsFile, type ConsumerGroupModel } from '@orderflow/topics';

import { printHeldBackKeys } from '../output/held-back-keys';
import { progressReporter } from '../output/progress-reporter';
import { renderTable } from '../output/render-table';
import { withRedis } from './redis-connection';

interface DlqOptions {
  topicPrefix: string;
  file?: string;
}

interface GroupOptions extends DlqOptions {
  group: string;
  errorClass?: string;
}

interface ShowOptions extends GroupOptions {
  limit: string;
}

interface RedriveOptions extends GroupOptions {
  since?: string;
  until?: string;
  offsets?: string;
  rate: string;
  max?: string;
  maxRedrives: string;
  execute?: boolean;
}

const withCliOperations = <T>(work: (client: OperationsClient) => Promise<T>): Promise<T> =>
  withOperations({ brokers: resolveConnectionSettings().kafkaBrokers }, work);

const groupModel = ({ group, file, topicPrefix }: GroupOptions): ConsumerGroupModel => {
  const topics = loadTopicsFile({ path: file });
  const model = consumerGroup({ file: topics, name: group, topicPrefix });
  if (model === undefined) {
    throw new OrderflowError(
      'OPERATION_INVALID',
      `Group ${group} is not declared in topics.yaml; declared: ${consumerGroups({ file: topics })
        .map((declared) => declared.name)
        .join(', ')}.`,
      { context: { group } },
    );
  }
  return model;
};

const time = (ms: number | undefined): string => (ms === undefined ? '-' : new Date(ms).toISOString());

const listDlqs = async ({ file, topicPrefix }: DlqOptions): Promise<void> => {
  const groups = consumerGroups({ file: loadTopicsFile({ path: file }), topicPrefix });
  await withCliOperations(async (client) => {
    const rows: string[][] = [];
    for (const group of groups) {
      // Counted page by page: a DLQ of any size needs the memory of one page.
      const counter = createDlqCounter(group.name);
      const read = await scanDlq({
        ...client,
        topic: group.dlqTopic,
        onPage: (records) => Promise.resolve(counter.add(records)),
      });
      const counts = counter.counts();
      if (read === undefined) rows.push([group.name, '(no DLQ topic: run `orderflow topics apply`)', '', '']);
      else if (counts.length === 0) rows.push([group.name, '-', '-', '0']);
      else
        rows.push(
          ...counts.map((count) => [count.group, count.errorClass, count.dlqReason, String(count.count)]),
        );
    }
    console.log(renderTable(['GROUP', 'ERROR CLASS', 'DLQ REASON', 'RECORDS'], rows));
  });
  await printHeldBackKeys(groups, topicPrefix);
};

const showDlq = async (options: ShowOptions): Promise<void> => {
  const group = groupModel(options);
  const limit = parsePositiveInteger(options.limit, '--limit');
  const serde = createAvroSerde({
    client: createRegistryClient({ url: resolveConnectionSettings().schemaRegistryUrl }),
    topicPrefix: options.topicPrefix,
  });
  await withCliOperations(async (client) => {
    let shown = 0;
    // Printed as read, and the read stops at the limit: the DLQ is never held in memory.
    await scanDlq({
      ...client,
      topic: group.dlqTopic,
      selection: { errorClass: options.errorClass, max: limit },
      onPage: async (records) => {
        for (const record of records) {
          const { provenance } = record;
          console.log(
            `\n#${record.offset} key=${record.key?.toString() ?? 'null'} dead-lettered ${time(Number(record.timestamp))}`,
          );
          console.log(
            `  from ${provenance.originalTopic ?? '?'}/${provenance.originalPartition ?? '?'}/${provenance.originalOffset ?? '?'}` +
              ` (${time(Number(provenance.originalTimestamp) || undefined)}) group ${provenance.group ?? '?'}` +
              ` attempts ${provenance.attempts ?? '?'} redrives ${record.redriveCount}`,
          );
          console.log(
            `  ${provenance.errorClass} ${provenance.errorCode ?? ''} (${provenance.dlqReason ?? 'unknown reason'}): ${provenance.errorMessage ?? ''}`,
          );
          const headers = Object.entries(record.headers ?? {}).map(
            ([name, value]) => `${name}=${String(value)}`,
          );
          console.log(`  headers: ${headers.join(' ')}`);
          const value = await describeRecordValue(serde, record.value);
          if (value.kind === 'avro') console.log(`  value (schema ${value.schemaId}): ${value.json}`);
          else if (value.kind === 'bytes')
            console.log(`  value (${value.length} bytes, not decoded: ${value.reason}): ${value.hex}`);
          else console.log('  value: null');
        }
        shown += records.length;
      },
    });
    console.log(`\n${group.dlqTopic}: ${shown} record(s) shown`);
  });
};

const redrive = async (options: RedriveOptions): Promise<void> => {
  const group = groupModel(options);
  const selection = {
    errorClass: options.errorClass,
    since: options.since === undefined ? undefined : parseIsoTimestamp(options.since, '--since'),
    until: options.until === undefined ? undefined : parseIsoTimestamp(options.until, '--until'),
    offsets: options.offsets === undefined ? undefined : parseIntegerList(options.offsets, '--offsets'),
    max: options.max === undefined ? undefined : parsePositiveInteger(options.max, '--max'),
  };
  const perSecond = parseRate(options.rate);
  const maxRedrives = parsePositiveInteger(options.maxRedrives, '--max-redrives');
  const execute = options.execute === true;
  const stepRow = (step: RedriveStep): string => {
    const { record } = step;
    const target =
      step.kind === 'send'
        ? `→ ${step.topic} (redrives ${record.redriveCount} → ${step.redriveCount})`
        : step.kind === 'redriven-before'
          ? 'SKIPPED: redriven by an earlier run'
          : `REFUSED: ${step.reason}`;
    return `#${record.offset} key=${record.key?.toString() ?? 'null'} ${record.provenance.errorClass} ${target}`;
  };
  await withRedis((redis) =>
    withCliOperations(async (client) => {
      const report = progressReporter();
      const totals = await redriveDlq({
        ...client,
        group,
        selection,
        maxRedrives,
        execute,
        progress: createRedriveProgress({ redis, keyPrefix: options.topicPrefix, group: group.name }),
        limiter: createRateLimiter({ perSecond }),
        onStep: (step) => console.log(stepRow(step)),
        onProgress: (sent) => report(`redriven ${sent}`),
      });
      if (totals === undefined) {
        console.log(`${group.dlqTopic} does not exist; run \`orderflow topics apply\`.`);
        return;
      }
      const summary =
        `${totals.selected} selected: ${totals.sent} ${execute ? 'redriven' : 'would be redriven'} into ` +
        `${group.retryTiers[0]?.topic ?? '(no retry tier)'}, ${totals.redrivenBefore} redriven before, ${totals.refused} refused`;
      if (execute) report(`done: ${summary}; the DLQ keeps every record`);
      else console.log(`Dry run: ${summary}. Add --execute to send.`);
    }),
  );
};

const withDlqOptions = (command: Command): Command =>
  command
    .option('--file <path>', 'topics file (default: the checkout’s topics.yaml)')
    .option('--topic-prefix <prefix>', 'prepend to every topic name (isolates experiments and tests)', '');

export const registerDlqCommands = (program: Command): void => {
  const dlq = program
    .command('dlq')
    .description(
      'Inspect dead-letter topics and redrive records into their group’s first retry tier (never deletes).',
    );

  withDlqOptions(dlq.command('list'))
    .description(
      'Records per group, error class and DLQ reason across every group’s DLQ in topics.yaml, and the keys groups with per-key order hold back.',
    )
    .action(listDlqs);

  withDlqOptions(dlq.command('show'))
    .description('Records of one group’s DLQ with their provenance, values decoded through the registry.')
    .requiredOption('--group <name>', 'consumer group (as in topics.yaml)')
    .option('--limit <n>', 'at most n records, oldest first', '20')
    .option('--error-class <name>', 'only records that failed with this error class')
    .action(showDlq);

  withDlqOptions(dlq.command('redrive'))
    .description(
      'Send selected DLQ records into the group’s first retry tier, due at once: only that group reads them, and a record is redriven once however often this runs. Dry run unless --execute.',
    )
    .requiredOption('--group <name>', 'consumer group (as in topics.yaml)')
    .option('--error-class <name>', 'only records that failed with this error class')
    .option('--since <iso>', 'only records dead-lettered at or after this time')
    .option('--until <iso>', 'only records dead-lettered before this time')
    .option('--offsets <list>', 'only these DLQ offsets, e.g. 1,2,5')
    .option('--max <n>', 'at most n records, oldest first')
    .option('--rate <rate>', 'send at most this fast, e.g. 50/s or 600/m', '50/s')
    .option('--max-redrives <n>', 'refuse records already redriven this often', '3')
    .option('--execute', 'send the records')
    .action(redrive);
};
