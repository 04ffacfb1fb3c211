import { projectPaths } from '@orderflow/config';
import {
  applyMigrations,
  createDatabase,
  createPostgresPool,
  dropDatabase,
  sql,
  withDatabase,
  type Kysely,
} from '@orderflow/postgres';

import { uniqueName } from './unique-name';

/** A row the outbox received, as the write-ahead log (what Debezium reads) holds it. */
export interface LoggedOutboxInsert {
  id: string;
  eventType: string;
  aggregateId: string;
}

/** A database of a test's own on the run's PostgreSQL, migrated, dropped with its WAL reader at cleanup. */
export interface TestDatabase {
  url: string;
  /** Queries of the test's own (counting ledger rows); typed loosely on purpose. */
  db: Kysely<Record<string, Record<string, unknown>>>;
  /** Every insert into `outbox` committed since the database was created, read from the WAL. */
  outboxInserts(): Promise<LoggedOutboxInsert[]>;
  cleanup(): Promise<void>;
}

/** DATABASE_URL as test/global-setup.ts exported it for the run. */
export const integrationDatabaseUrl = (): string => {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error('DATABASE_URL is not set: test/global-setup.ts exports the stack’s PostgreSQL.');
  }
  return url;
};

// test_decoding prints a row as `table public.outbox: INSERT: id[uuid]:'…' … event_type[text]:'…'`.
const field = (change: string, name: string): string =>
  new RegExp(`${name}\\[[^\\]]+\\]:'([^']*)'`).exec(change)?.[1] ?? '';

/**
 * Creates `<name>` (unique) on the server of DATABASE_URL, applies migrations/ to it, and opens a
 * logical replication slot with the test_decoding plugin before anything is written: the test can then
 * count what the outbox relay would see, although the handler deletes each outbox row in its transaction.
 */
export const createTestDatabase = async (label: string): Promise<TestDatabase> => {
  const name = uniqueName(`of_${label}`)
    .replace(/[^a-z0-9_]/gi, '_')
    .toLowerCase()
    .slice(0, 55);
  const url = withDatabase(integrationDatabaseUrl(), name);
  await applyMigrations({ url, dir: projectPaths().migrationsDir });
  const pool = createPostgresPool({ url, applicationName: `test-${name}`, max: 2 });
  const db = createDatabase<Record<string, Record<string, unknown>>>(pool);
  const slot = `${name}_wal`;
  await sql`select pg_create_logical_replication_slot(${slot}, 'test_decoding')`.execute(db);
  return {
    url,
    db,
    async outboxInserts() {
      const { rows } = await sql<{ data: string }>`
        select data from pg_logical_slot_peek_changes(${slot}, null, null)
        where data like 'table public.outbox: INSERT:%'`.execute(db);
      return rows.map(({ data }) => ({
        id: field(data, 'id'),
        eventType: field(data, 'event_type'),
        aggregateId: field(data, 'aggregate_id'),
      }));
    },
    async cleanup() {
      await sql`select pg_drop_replication_slot(${slot})`.execute(db).catch(() => undefined);
      await db.destroy();
      await dropDatabase(url);
    },
  };
};
