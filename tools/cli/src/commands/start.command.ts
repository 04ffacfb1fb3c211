import type { Command } from 'commander';

import { CONNECTION_ENV_KEYS } from '@orderflow/config';
import { readOrderApiConfig, type OrderApiConfig } from '@orderflow/order-api';
import { DEFAULT_COMPATIBILITY_MODE } from '@orderflow/registry';
import { createEmbeddedStack, readStackSettings } from '@orderflow/stack';

import { progressReporter } from '../output/progress-reporter';
import { applyConnectors } from './connectors.command';
import { migrateDatabase } from './database.command';
import { applyQueues } from './queues.command';
import { registerAllSchemas } from './schemas.command';
import { servicesDown, servicesUp } from './services.command';
import { stackUp } from './stack.command';
import { seedMissingStock } from './stock.command';
import { applyTopics } from './topics.command';

/** The closing hint, on the ports the order service was started on (ORDER_API_PORT, ORDER_GRPC_PORT). */
const tryIt = ({ runtime, grpc }: OrderApiConfig): string => {
  const api = `http://127.0.0.1:${runtime.httpPort}`;
  return `
orderflow is running. Place an order:

  curl -s -i -X POST ${api}/orders -H 'content-type: application/json' \\
    -d '{"customerId":"customer-1","currency":"EUR","items":[{"sku":"SKU-BOOK-001","quantity":2,"unitPriceCents":1999}]}'

then follow it with GET ${api}/orders/<orderId> (the Location header), watch it live with
\`npx orderflow watch <orderId>\` (gRPC WatchOrder on 127.0.0.1:${grpc.port}), or run
\`npx orderflow demo --orders 100\`. API docs: ${api}/docs. Logs: .stack/logs/.
\`npm run stop\` stops the services and the stack (data stays in .stack/).`;
};

/** `npm start` and `npm run stop`: everything a developer needs, in dependency order, each step idempotent. */
export const registerStartCommand = (program: Command): void => {
  program
    .command('start')
    .description(
      'Start the stack, apply topics.yaml and queues.yaml, register schemas/, migrate the database, apply connectors/, seed stock, start every service.',
    )
    .action(async () => {
      const settings = readStackSettings();
      // Servers given by the environment (docker compose, a shared cluster) win over the embedded stack.
      const given = CONNECTION_ENV_KEYS.filter((key) => process.env[key]);
      if (given.length > 0) {
        console.log(`== 1/8 servers from the environment (${given.join(', ')}); embedded stack not started`);
      } else {
        console.log('== 1/8 embedded stack');
        await stackUp(settings);
      }
      console.log(`\n== 2/8 topics (${settings.topicsEnvironment})`);
      await applyTopics({ env: settings.topicsEnvironment, topicPrefix: '' });
      console.log('\n== 3/8 work queues (queues.yaml)');
      await applyQueues({ topicPrefix: '' });
      console.log('\n== 4/8 schemas');
      await registerAllSchemas({ topicPrefix: '', compatibility: DEFAULT_COMPATIBILITY_MODE });
      console.log('\n== 5/8 database migrations');
      await migrateDatabase();
      // After the payment migrations (the outbox table and its publication), before any service writes.
      console.log('\n== 6/8 connectors (the outbox relay)');
      await applyConnectors({ topicPrefix: '', timeoutMs: 60_000 });
      console.log('\n== 7/8 stock');
      await seedMissingStock();
      console.log('\n== 8/8 services');
      await servicesUp();
      console.log(tryIt(readOrderApiConfig()));
    });

  program
    .command('stop')
    .description('Stop the services, then the embedded stack. Data stays in .stack/.')
    .action(async () => {
      await servicesDown();
      await createEmbeddedStack().down(progressReporter());
      console.log('orderflow stopped');
    });
};
