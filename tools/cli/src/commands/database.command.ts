import type { Command } from 'commander';

import { projectPaths } from '@orderflow/config';
import { OrderflowError } from '@orderflow/errors';
import type { PaymentTables } from '@orderflow/payment';
import { applyMigrations, createDatabase, createPostgresPool, resolveDatabaseUrl } from '@orderflow/postgres';

import { renderTable } from '../output/render-table';

/** Applies migrations/ to DATABASE_URL's database (created if missing); prints each migration applied. */
export const migrateDatabase = async (): Promise<void> => {
  const url = resolveDatabaseUrl();
  const { applied } = await applyMigrations({
    url,
    dir: projectPaths().migrationsDir,
    report: (line) => console.log(`  ${line}`),
  });
  console.log(applied.length === 0 ? 'database schema up to date' : `${applied.length} migration(s) applied`);
};

/** An order's row of the payment ledger, as psql would show it, but with the amount in units. */
const showPayment = async (orderId: string): Promise<void> => {
  const pool = createPostgresPool({ url: resolveDatabaseUrl(), applicationName: 'orderflow-cli', max: 1 });
  const database = createDatabase<PaymentTables>(pool);
  try {
    const row = await database
      .selectFrom('payments')
      .selectAll()
      .where('order_id', '=', orderId)
      .executeTakeFirst();
    if (row === undefined) {
      throw new OrderflowError(
        'NOT_FOUND',
        `No ledger row for order ${orderId}: it has not reached payment (see \`orderflow trace ${orderId}\`).`,
        { context: { orderId } },
      );
    }
    const fields: [string, string][] = [
      ['order', row.order_id],
      ['customer', row.customer_id],
      [
        'amount',
        `${(Number(row.amount_cents) / 100).toFixed(2)} ${row.currency} (${row.amount_cents} minor units)`,
      ],
      ['outcome', row.outcome + (row.failure_reason === null ? '' : ` (${row.failure_reason})`)],
      ['gateway ref', row.gateway_ref ?? '-'],
      ['decided at', row.decided_at.toISOString()],
      ['recorded at', row.recorded_at.toISOString()],
      ['caused by event', row.caused_by_event_id],
    ];
    console.log(renderTable(['FIELD', 'VALUE'], fields));
  } finally {
    await database.destroy();
  }
};

export const registerDatabaseCommands = (program: Command): void => {
  program
    .command('migrate')
    .description(
      'Apply the versioned migrations in migrations/ to the database of DATABASE_URL (or .stack/env).',
    )
    .action(migrateDatabase);

  program
    .command('payments')
    .description("Show an order's row of the payment ledger (PostgreSQL).")
    .argument('<orderId>', 'the order id')
    .action(showPayment);
};
