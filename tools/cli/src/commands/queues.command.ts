import type { Command } from 'commander';

import { resolveAmqpUrl, resolveRabbitmqManagementUrl } from '@orderflow/config';
import {
  applyQueueTopology,
  JOB_HEADERS,
  loadQueueTopology,
  peekJobs,
  readQueueStats,
  redriveJobs,
} from '@orderflow/rabbitmq';
import { OrderflowError } from '@orderflow/errors';

import { parseNonNegativeInteger } from '../output/parse-non-negative-integer';
import { progressReporter } from '../output/progress-reporter';
import { renderTable } from '../output/render-table';

const headerText = (value: unknown, fallback: string): string =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : fallback;

interface RedriveFlags {
  queue: string;
  prefix: string;
  execute?: boolean;
  rate: number;
  limit?: number;
}

/** Dry run: what a redrive would move, with each job's reason. With --execute: moves them, rate-limited. */
const redrive = async (flags: RedriveFlags): Promise<void> => {
  const queue = loadQueueTopology(flags.prefix)[flags.queue];
  if (queue === undefined) {
    throw new OrderflowError('OPERATION_INVALID', `queues.yaml declares no work queue ${flags.queue}.`);
  }
  const url = resolveAmqpUrl();
  const { limit } = flags;
  if (!flags.execute) {
    const jobs = await peekJobs(url, queue.dlq, limit ?? 20);
    console.log(
      renderTable(
        ['MESSAGE ID', 'ATTEMPTS', 'REASON', 'ERROR'],
        jobs.map((job) => [
          job.messageId ?? '?',
          headerText(job.headers[JOB_HEADERS.attempts], '?'),
          // RabbitMQ's own dead-lettering (over the delivery limit) sets no reason of ours.
          headerText(job.headers[JOB_HEADERS.reason], 'delivery-limit'),
          headerText(job.headers[JOB_HEADERS.errorMessage], ''),
        ]),
      ),
    );
    console.log(
      `dry run: ${jobs.length} job(s) shown from ${queue.dlq}; add --execute to move them to ${queue.name}`,
    );
    return;
  }
  const report = progressReporter();
  const moved = await redriveJobs({
    url,
    queue,
    ...(limit === undefined ? {} : { limit }),
    ratePerSecond: Math.max(1, flags.rate),
    onProgress: (done, total) => {
      if (done === total || done % 10 === 0) report(`${done}/${total} moved to ${queue.name}`);
    },
  });
  console.log(`${moved} job(s) moved from ${queue.dlq} to ${queue.name}`);
};

/** Declares queues.yaml on the broker (idempotent, never destructive); prints what it declared. */
export const applyQueues = async ({ topicPrefix }: { topicPrefix: string }): Promise<void> => {
  const applied = await applyQueueTopology(resolveAmqpUrl(), loadQueueTopology(topicPrefix));
  for (const change of applied) console.log(`  ${change.kind.padEnd(8)} ${change.name}`);
  console.log(`${applied.length} declaration(s) in place`);
};

export const registerQueuesCommands = (program: Command): void => {
  const queues = program
    .command('queues')
    .description(
      'RabbitMQ work queues (queues.yaml): ready and unacked jobs, consumers, delay tiers and DLQ.',
    )
    .option('--prefix <prefix>', 'the namespace prefix (tests)', '')
    .action(async ({ prefix }: { prefix: string }) => {
      const stats = await readQueueStats({
        amqpUrl: resolveAmqpUrl(),
        managementUrl: resolveRabbitmqManagementUrl(),
        topology: loadQueueTopology(prefix),
      });
      // Column 1 the queue, column 2 its ready count: scripts read these two.
      console.log(
        renderTable(
          ['QUEUE', 'READY', 'UNACKED', 'CONSUMERS', 'ROLE'],
          stats.map((queue) => [
            queue.name,
            String(queue.ready),
            queue.unacked === undefined ? '?' : String(queue.unacked),
            String(queue.consumers),
            queue.role,
          ]),
        ),
      );
    });

  queues
    .command('apply')
    .description('Declare the exchanges, queues and bindings of queues.yaml (idempotent; never deletes).')
    .option('--prefix <prefix>', 'the namespace prefix (tests)', '')
    .action(({ prefix }: { prefix: string }) => applyQueues({ topicPrefix: prefix }));

  queues
    .command('redrive')
    .description("Move jobs from a work queue's DLQ back to it: a dry run listing them unless --execute.")
    .option('--queue <name>', 'the work queue of queues.yaml', 'notification.send')
    .option('--prefix <prefix>', 'the namespace prefix (tests)', '')
    .option('--execute', 'move them (default: dry run)')
    .option('--rate <jobs-per-second>', 'at most this many jobs a second', parseNonNegativeInteger, 20)
    .option('--limit <n>', 'at most this many jobs', parseNonNegativeInteger)
    .action((flags: RedriveFlags) => redrive(flags));
};
