import type { Command } from 'commander';

import { OrderflowError } from '@orderflow/errors';
import { createServiceRunner, readStackSettings, type ServiceStatus } from '@orderflow/stack';

import { progressReporter } from '../output/progress-reporter';
import { renderTable } from '../output/render-table';

export const printServiceStatus = (statuses: ServiceStatus[]): void => {
  const rows = statuses.map((status) => [
    status.name,
    status.ready ? 'ready' : 'NOT READY',
    status.url,
    status.pid === undefined ? '-' : String(status.pid),
    status.rssMb === undefined ? '-' : `${status.rssMb} MiB`,
    status.detail,
  ]);
  console.log(renderTable(['SERVICE', 'READY', 'URL', 'PID', 'RSS', 'DETAIL'], rows));
};

/** `orderflow services up`: start the built services in the background, wait until each is ready. */
export const servicesUp = async (): Promise<void> => {
  const runner = createServiceRunner(readStackSettings());
  await runner.up(progressReporter());
  printServiceStatus(await runner.status());
};

export const servicesDown = (): Promise<void> =>
  createServiceRunner(readStackSettings()).down(progressReporter());

export const registerServicesCommands = (program: Command): void => {
  const services = program
    .command('services')
    .description(
      'The orderflow services (order-api, inventory, payment, notification, analytics) as background processes.',
    );
  services
    .command('up')
    .description('Start every service that is not running; wait until ready.')
    .action(servicesUp);
  services.command('down').description('Stop the services (the stack keeps running).').action(servicesDown);
  services
    .command('status')
    .description('Each service with its readiness, URL, pid and memory. Exits 1 if any is not ready.')
    .action(async () => {
      const statuses = await createServiceRunner(readStackSettings()).status();
      printServiceStatus(statuses);
      const notReady = statuses.filter((status) => !status.ready).map((status) => status.name);
      if (notReady.length > 0) {
        throw new OrderflowError(
          'STACK_NOT_RUNNING',
          `Not ready: ${notReady.join(', ')}. Start them with \`npm start\`.`,
          {
            context: { notReady },
          },
        );
      }
    });
};
