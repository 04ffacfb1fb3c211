import type { Command } from 'commander';

import { resolveConnectionSettings } from '@orderflow/config';
import { OrderflowError } from '@orderflow/errors';
import {
  withOperations,
  countDlqRecords,
  createRateLimiter,
  describeRecordValue,
  executeRedrive,
  parseIntegerList,
  parseIsoTimestamp,
  parsePositiveInteger,
  parseRate,
  planRedrive,
  readDlq,
  selectDlqRecords,
  type DlqRecord,
  type OperationsClient,
} from '@orderflow/operations';
import { createAvroSerde, createRegistryClient } from '@orderflow/registry';
import { consumerGroup, consumerGroups, loadTopicsFile, type ConsumerGroupModel } from '@orderflow/topics';

import { progressReporter } from '../output/progress-reporter';
import { renderTable } from '../output/render-table';

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

const readGroupDlq = async (client: OperationsClient, group: ConsumerGroupModel): Promise<DlqRecord[]> =>
  (await readDlq({ ...client, topic: group.dlqTopic })) ?? [];

const time = (ms: number | undefined): string => (ms === undefined ? '-' : new Date(ms).toISOString());

const listDlqs = async ({ file, topicPrefix }: DlqOptions): Promise<void> => {
  const groups = consumerGroups({ file: loadTopicsFile({ path: file }), topicPrefix });
  await withCliOperations(async (client) => {
    const rows: string[][] = [];
    for (const group of groups) {
      const records = await readDlq({ ...client, topic: group.dlqTopic });
      if (records === undefined)
        rows.push([group.name, '(no DLQ topic: run `orderflow topics apply`)', '', '']);
      else if (records.length === 0) rows.push([group.name, '-', '-', '0']);
      else
        rows.push(
          ...countDlqRecords(group.name, records).map((count) => [
            count.group,
            count.errorClass,
            count.dlqReason,
            String(count.count),
          ]),
        );
    }
    console.log(renderTable(['GROUP', 'ERROR CLASS', 'DLQ REASON', 'RECORDS'], rows));
  });
};

const showDlq = async (options: ShowOptions): Promise<void> => {
  const group = groupModel(options);
  const limit = parsePositiveInteger(options.limit, '--limit');
  const serde = createAvroSerde({
    client: createRegistryClient({ url: resolveConnectionSettings().schemaRegistryUrl }),
    topicPrefix: options.topicPrefix,
  });
  await withCliOperations(async (client) => {
    const records = selectDlqRecords(await readGroupDlq(client, group), {
      errorClass: options.errorClass,
      max: limit,
    });
    console.log(`${group.dlqTopic}: ${records.length} record(s) shown`);
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
      const headers = Object.entries(record.headers).map(([name, value]) => `${name}=${String(value)}`);
      console.log(`  headers: ${headers.join(' ')}`);
      const value = await describeRecordValue(serde, record.value);
      if (value.kind === 'avro') console.log(`  value (schema ${value.schemaId}): ${value.json}`);
      else if (value.kind === 'bytes')
        console.log(`  value (${value.length} bytes, not decoded: ${value.reason}): ${value.hex}`);
      else console.log('  value: null');
    }
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
  await withCliOperations(async (client) => {
    const steps = planRedrive({
      records: selectDlqRecords(await readGroupDlq(client, group), selection),
      topicPrefix: options.topicPrefix,
      maxRedrives,
    });
    const rows = steps.map((step) => [
      step.record.offset,
      step.record.key?.toString() ?? 'null',
      step.record.provenance.errorClass,
      step.kind === 'send' ? `→ ${step.topic}` : 'REFUSED',
      step.kind === 'send' ? `${step.record.redriveCount} → ${step.redriveCount}` : step.reason,
    ]);
    console.log(`${group.dlqTopic}: ${steps.length} record(s) selected`);
    if (rows.length > 0)
      console.log(renderTable(['OFFSET', 'KEY', 'ERROR CLASS', 'TARGET', 'REDRIVES'], rows));
    const sendable = steps.filter((step) => step.kind === 'send').length;
    if (options.execute !== true) {
      console.log(
        `Dry run: ${sendable} would be redriven, ${steps.length - sendable} refused. Add --execute to send.`,
      );
      return;
    }
    const report = progressReporter();
    const totals = await executeRedrive({
      kafka: client.kafka,
      steps,
      limiter: createRateLimiter({ perSecond }),
      onProgress: (sent, of) => report(`redriven ${sent} of ${of}`),
    });
    report(`done: ${totals.sent} redriven, ${totals.refused} refused; the DLQ keeps every record`);
  });
};

const withDlqOptions = (command: Command): Command =>
  command
    .option('--file <path>', 'topics file (default: the checkout’s topics.yaml)')
    .option('--topic-prefix <prefix>', 'prepend to every topic name (isolates experiments and tests)', '');

export const registerDlqCommands = (program: Command): void => {
  const dlq = program
    .command('dlq')
    .description('Inspect dead-letter topics and redrive records to their original topics (never deletes).');

  withDlqOptions(dlq.command('list'))
    .description('Records per group, error class and DLQ reason across every group’s DLQ in topics.yaml.')
    .action(listDlqs);

  withDlqOptions(dlq.command('show'))
    .description('Records of one group’s DLQ with their provenance, values decoded through the registry.')
    .requiredOption('--group <name>', 'consumer group (as in topics.yaml)')
    .option('--limit <n>', 'at most n records, oldest first', '20')
    .option('--error-class <name>', 'only records that failed with this error class')
    .action(showDlq);

  withDlqOptions(dlq.command('redrive'))
    .description('Send selected DLQ records back to their original topics. Dry run unless --execute.')
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
