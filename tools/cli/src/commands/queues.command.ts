import type { Command } from 'commander';

import { resolveAmqpUrl, resolveRabbitmqManagementUrl } from '@orderflow/config';
import { applyQueueTopology, loadQueueTopology, readQueueStats } from '@orderflow/rabbitmq';

import { renderTable } from '../output/render-table';

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
};
