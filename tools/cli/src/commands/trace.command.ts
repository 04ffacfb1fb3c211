import type { Command } from 'commander';

import { resolveConnectionSettings } from '@orderflow/config';
import {
  buildOrderTrace,
  createInspectKafka,
  formatRecordLine,
  readKeyRecords,
  type InspectedRecord,
} from '@orderflow/inspect';
import { loadTopicsFile, resolveTopicSpecs } from '@orderflow/topics';

import { renderTraceTable } from '../output/trace-table';
import { createCliRecordDecoder } from './record-decoder.factory';

interface TraceOptions {
  topicPrefix: string;
  all?: boolean;
  json?: boolean;
}

export const registerTraceCommand = (program: Command): void => {
  program
    .command('trace')
    .description(
      'Every event of one order across the event topics of topics.yaml, as a causation tree ' +
        '(each event under the event that caused it) with its correlation and causation ids.',
    )
    .argument('<orderId>', 'the order id (the key of every event of the order)')
    .option('--topic-prefix <prefix>', 'namespace of the topics (a service’s ORDERFLOW_TOPIC_PREFIX)', '')
    .option('--all', 'also read the retry and DLQ topics')
    .option('--json', 'one JSON line per event (depth and decoded record) instead of a table')
    .action(async (orderId: string, options: TraceOptions) => {
      const kafka = createInspectKafka({ brokers: resolveConnectionSettings().kafkaBrokers });
      const wanted = resolveTopicSpecs({ file: loadTopicsFile(), topicPrefix: options.topicPrefix })
        .filter((spec) => options.all === true || spec.kind === 'event')
        .map((spec) => spec.name);
      const admin = kafka.admin();
      await admin.connect();
      // A namespace or environment may lack some topics (not applied yet); what is there is still worth reading.
      const existing = new Set(await admin.listTopics().finally(() => admin.disconnect()));
      const topics = wanted.filter((topic) => existing.has(topic));
      const decode = createCliRecordDecoder();
      const records = await Promise.all(
        (await readKeyRecords({ kafka, topics, key: orderId })).map((record) => decode(record)),
      );
      const trace = buildOrderTrace(records);
      if (options.json) {
        for (const { depth, record } of trace) {
          const line: InspectedRecord & { depth: number } = { depth, ...record };
          console.log(formatRecordLine(line));
        }
        return;
      }
      console.log(
        trace.length === 0
          ? `No events keyed ${orderId} in ${topics.length} topic(s).`
          : renderTraceTable(trace),
      );
    });
};
