import type { Command } from 'commander';

import { resolveConnectionSettings } from '@orderflow/config';
import { createInspectKafka, formatRecordLine, tailTopic } from '@orderflow/inspect';

import { parseNonNegativeInteger } from '../output/parse-non-negative-integer';
import { createCliRecordDecoder } from './record-decoder.factory';

interface TailOptions {
  topicPrefix: string;
  fromBeginning?: boolean;
  partition?: number;
  offset?: number;
  pretty?: boolean;
}

export const registerTailCommand = (program: Command): void => {
  program
    .command('tail')
    .description(
      'Print records of a topic as they arrive, decoded like `orderflow decode`, until Ctrl-C. Reads in a ' +
        'throwaway consumer group that commits nothing and is deleted on exit.',
    )
    .argument('<topic>', 'logical topic name, e.g. order.created')
    .option('--topic-prefix <prefix>', 'namespace of the topic (a service’s ORDERFLOW_TOPIC_PREFIX)', '')
    .option('--from-beginning', 'start at the earliest offset instead of the end')
    .option('--partition <p>', 'only this partition', parseNonNegativeInteger)
    .option('--offset <o>', 'start at this offset of --partition', parseNonNegativeInteger)
    .option('--pretty', 'indent each record over several lines')
    .action(async (topic: string, options: TailOptions) => {
      const decode = createCliRecordDecoder();
      const controller = new AbortController();
      const stop = (): void => controller.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        await tailTopic({
          kafka: createInspectKafka({ brokers: resolveConnectionSettings().kafkaBrokers }),
          topic: `${options.topicPrefix}${topic}`,
          fromBeginning: options.fromBeginning ?? false,
          ...(options.partition === undefined ? {} : { partition: options.partition }),
          ...(options.offset === undefined ? {} : { offset: options.offset }),
          onRecord: async (record) => {
            console.log(formatRecordLine(await decode(record), { pretty: options.pretty ?? false }));
          },
          signal: controller.signal,
        });
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      }
    });
};
