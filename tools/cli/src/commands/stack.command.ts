import type { Command } from 'commander';

import { OrderflowError } from '@orderflow/errors';
import {
  createEmbeddedStack,
  readStackSettings,
  STACK_VERSIONS,
  type ComponentStatus,
  type StackSettings,
} from '@orderflow/stack';

import { progressReporter } from '../output/progress-reporter';
import { renderTable } from '../output/render-table';

const statusRows = (statuses: ComponentStatus[]): string[][] =>
  statuses.map((status) => [
    status.name,
    status.state,
    status.healthy ? 'healthy' : 'UNHEALTHY',
    status.address,
    status.pid === undefined ? '-' : String(status.pid),
    status.rssMb === undefined ? '-' : `${status.rssMb} MiB`,
    status.detail,
  ]);

const printStatus = (statuses: ComponentStatus[]): void => {
  console.log(
    renderTable(['COMPONENT', 'STATE', 'HEALTH', 'ADDRESS', 'PID', 'RSS', 'DETAIL'], statusRows(statuses)),
  );
  const totalRss = statuses.reduce((sum, status) => sum + (status.rssMb ?? 0), 0);
  console.log(`total RSS of started servers: ${totalRss} MiB`);
};

/** `orderflow stack up`: fetch (cached), start, wait until ready, print the status table. */
export const stackUp = async (settings: StackSettings): Promise<void> => {
  const startedAt = Date.now();
  const embedded = createEmbeddedStack(settings);
  await embedded.up(progressReporter(startedAt));
  printStatus(await embedded.status());
  console.log(
    `stack up in ${((Date.now() - startedAt) / 1000).toFixed(1)} s; settings in ${embedded.settings.envFile}`,
  );
};

export const registerStackCommands = (program: Command): void => {
  const stack = program
    .command('stack')
    .description(
      `The embedded stack: Kafka ${STACK_VERSIONS.kafka} (KRaft), Apicurio Registry ${STACK_VERSIONS.apicurioRegistry}, Redis, on loopback.`,
    );

  stack
    .command('up')
    .description('Fetch (cached) and start every server, wait until ready, write .stack/env. Idempotent.')
    .option(
      '--brokers <count>',
      'Kafka nodes: 1, or 3 (RF 3, min.insync.replicas 2; ports ORDERFLOW_KAFKA_PORT+0/2/4); default ORDERFLOW_KAFKA_BROKERS, else what the stack was created with, else 1',
    )
    // --brokers wins over ORDERFLOW_KAFKA_BROKERS; without either, the count the stack was created with.
    .action(({ brokers }: { brokers?: string }) =>
      stackUp(
        readStackSettings(
          brokers === undefined ? process.env : { ...process.env, ORDERFLOW_KAFKA_BROKERS: brokers },
        ),
      ),
    );

  stack
    .command('down')
    .description('Stop the servers the stack started; data stays in .stack/ for the next `up`.')
    .action(async () => {
      await createEmbeddedStack().down(progressReporter());
      console.log('stack down');
    });

  stack
    .command('status')
    .description('Each server with its state, health, address, pid and memory. Exits 1 if any is unhealthy.')
    .option('--json', 'print JSON instead of a table')
    .action(async (options: { json?: boolean }) => {
      const statuses = await createEmbeddedStack().status();
      if (options.json) console.log(JSON.stringify(statuses, null, 2));
      else printStatus(statuses);
      const unhealthy = statuses.filter((status) => !status.healthy).map((status) => status.name);
      if (unhealthy.length > 0) {
        throw new OrderflowError(
          'STACK_NOT_RUNNING',
          `Not healthy: ${unhealthy.join(', ')}. Start it with \`npm run stack:up\`.`,
          {
            context: { unhealthy },
          },
        );
      }
    });
};
