import { projectPaths } from '@orderflow/config';
import {
  acquireTestStack,
  exportToEnvironment,
  sweepAbandonedTestRelays,
  type TestStack,
} from '@orderflow/e2e';
import { applyMigrations } from '@orderflow/postgres';

declare global {
  var orderflowTestStack: TestStack | undefined;
}

/** Resolves the real servers once per `jest` run and exports their addresses to every worker. */
export default async function globalSetup(): Promise<void> {
  const stack = await acquireTestStack();
  exportToEnvironment(stack);
  // Services started by tests use the run's database as it is after `npm start`: migrated.
  if (stack.databaseUrl !== undefined) {
    await applyMigrations({ url: stack.databaseUrl, dir: projectPaths().migrationsDir });
  }
  if (stack.databaseUrl !== undefined && stack.connectUrl !== undefined) {
    const swept = await sweepAbandonedTestRelays({
      connectUrl: stack.connectUrl,
      databaseUrl: stack.databaseUrl,
    });
    if (swept.connectors.length + swept.databases.length > 0) {
      console.log(
        `\n[test-stack] removed what earlier runs left behind: connectors ${swept.connectors.join(', ') || '-'}; ` +
          `slots ${swept.slots.join(', ') || '-'}; databases ${swept.databases.join(', ') || '-'}`,
      );
    }
  }
  // Every order API a test starts takes a free gRPC port (as its HTTP port 0), never 50051, whatever the
  // shell exported: test files run in parallel workers.
  process.env.ORDER_GRPC_PORT = '0';
  globalThis.orderflowTestStack = stack;
  console.log(
    `\n[test-stack] integration tests run against ${stack.mode}: kafka ${stack.settings.kafkaBrokers.join(',')}, ` +
      `registry ${stack.settings.schemaRegistryUrl}, redis ${stack.settings.redisUrl}, amqp ${stack.amqpUrl ?? 'none'}, ` +
      `postgres ${stack.databaseUrl ?? '(none: set DATABASE_URL)'}`,
  );
}
