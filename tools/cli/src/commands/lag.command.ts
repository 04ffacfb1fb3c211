import type { Command } from 'commander';

import { resolveConnectionSettings } from '@orderflow/config';
import { OrderflowError } from '@orderflow/errors';
import { connectAdmin } from '@orderflow/kafka';
import { createLagSampler, createLagTracker, startLagExporter, type LagReport } from '@orderflow/lag';
import { createLogger } from '@orderflow/logging';
import { consumerGroups, loadTopicsFile, parseRetryDelay } from '@orderflow/topics';

import { printHeldBackKeys } from '../output/held-back-keys';
import { renderTable } from '../output/render-table';

interface LagOptions {
  group?: string[];
}

interface LagCommandOptions extends LagOptions {
  file?: string;
  topicPrefix: string;
}

interface ExporterOptions extends LagOptions {
  port: string;
  interval: string;
}

/**
 * A fresh admin client per sample: KafkaJS keeps refreshing metadata for every topic a client ever asked
 * about, so one long-lived client fails every sample once any of those topics is deleted.
 */
const sampleWithFreshAdmin = async (groups: string[] | undefined) => {
  const admin = await connectAdmin({
    brokers: resolveConnectionSettings().kafkaBrokers,
    clientId: 'orderflow-lag',
  });
  try {
    return await createLagSampler({ admin, groups }).sample();
  } finally {
    await admin.disconnect();
  }
};

const parsePort = (value: string): number => {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new OrderflowError('CONFIG_INVALID', `--port must be a port number (0-65535), not "${value}".`, {
      context: { port: value },
    });
  }
  return port;
};

const parseInterval = (value: string): number => {
  const interval = parseRetryDelay(value);
  if (!interval) {
    throw new OrderflowError(
      'CONFIG_INVALID',
      `--interval must be a duration such as 500ms, 5s or 1m, not "${value}".`,
      {
        context: { interval: value },
      },
    );
  }
  return interval.ms;
};

const printReport = (report: LagReport): void => {
  const rows = report.groups.flatMap((group) =>
    group.partitions.map((partition) => [
      group.group,
      partition.topic,
      String(partition.partition),
      String(partition.committedOffset),
      String(partition.logEndOffset),
      String(partition.lag),
      String(group.members),
      group.status,
    ]),
  );
  console.log(
    rows.length === 0
      ? 'No committed offsets found for the selected groups.'
      : renderTable(
          ['GROUP', 'TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG', 'MEMBERS', 'STATUS'],
          rows,
        ),
  );
};

const collectGroup = (group: string, groups: string[] = []): string[] => [...groups, group];

export const registerLagCommands = (program: Command): void => {
  program
    .command('lag')
    .description(
      'Consumer group lag per partition, members and status (one sample: lag in seconds and `stalled` need the exporter’s history), and the keys groups with per-key order hold back.',
    )
    .option('--group <group>', 'a consumer group to show (repeatable; default: every group)', collectGroup)
    .option('--file <path>', 'topics file naming the groups with per-key order (default: the checkout’s)')
    .option('--topic-prefix <prefix>', 'the prefix of the groups’ topics and Redis keys', '')
    .action(async ({ group, file, topicPrefix }: LagCommandOptions) => {
      printReport(createLagTracker().observe(await sampleWithFreshAdmin(group)));
      // Lag says how far a group is behind; held-back keys say which orders wait inside it, and for what.
      const declared = consumerGroups({ file: loadTopicsFile({ path: file }), topicPrefix });
      await printHeldBackKeys(
        declared.filter((model) => group === undefined || group.includes(`${topicPrefix}${model.name}`)),
        topicPrefix,
      );
    });

  program
    .command('lag-exporter')
    .description('Serve consumer lag to Prometheus with kafka_exporter’s metric names, plus lag in seconds.')
    .option('--port <port>', 'port on 127.0.0.1 to serve /metrics on (kafka_exporter’s default)', '9308')
    .option('--interval <duration>', 'time between samples, e.g. 5s', '5s')
    .option('--group <group>', 'a consumer group to export (repeatable; default: every group)', collectGroup)
    .action(async (options: ExporterOptions) => {
      const port = parsePort(options.port);
      const intervalMs = parseInterval(options.interval);
      const exporter = await startLagExporter({
        host: process.env.ORDERFLOW_BIND_HOST ?? '127.0.0.1',
        sampler: { sample: () => sampleWithFreshAdmin(options.group) },
        intervalMs,
        port,
        logger: createLogger({ service: 'lag-exporter' }),
      });
      const stop = (): void => void exporter.close();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
};
