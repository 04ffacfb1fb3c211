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

/** A payment ledger row and its transaction's start and commit, as the server's clock had them. */
export interface LedgerCommit {
  orderId: string;
  /** `recorded_at`: now() in the transaction, i.e. when it began (epoch ms, µs precision). */
  startedAtMs: number;
  /** The commit record's timestamp in the WAL: what pg_xact_commit_timestamp would say. */
  committedAtMs: number;
}

/** A database of a test's own on the run's PostgreSQL, migrated, dropped with its WAL reader at cleanup. */
export interface TestDatabase {
  url: string;
  /** Queries of the test's own (counting ledger rows); typed loosely on purpose. */
  db: Kysely<Record<string, Record<string, unknown>>>;
  /** Every insert into `outbox` committed since the database was created, read from the WAL. */
  outboxInserts(): Promise<LoggedOutboxInsert[]>;
  /**
   * Every `payments` row committed since the database was created, with its commit time from the WAL
   * (test_decoding's include-timestamp): commit timestamps without track_commit_timestamp, which the
   * stack's server does not set and which takes a restart to turn on.
   */
  ledgerCommits(): Promise<LedgerCommit[]>;
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
    async ledgerCommits() {
      // Inserts and commits pair up by transaction id; the ledger row itself gives recorded_at.
      const { rows } = await sql<LedgerCommit>`
        with changes as (
          select xid, data from pg_logical_slot_peek_changes(${slot}, null, null, 'include-timestamp', 'on')
          where data like 'table public.payments: INSERT:%' or data like 'COMMIT %'
        ),
        inserted as (
          select xid, substring(data, 'order_id\\[text\\]:''([^'']*)''') as order_id
          from changes where data like 'table public.payments: INSERT:%'
        ),
        committed as (
          select xid, substring(data, '\\(at (.*)\\)$')::timestamptz as at
          from changes where data like 'COMMIT %'
        )
        select inserted.order_id as "orderId",
               extract(epoch from payments.recorded_at)::float8 * 1000 as "startedAtMs",
               extract(epoch from committed.at)::float8 * 1000 as "committedAtMs"
        from inserted
        join committed on committed.xid = inserted.xid
        join payments on payments.order_id = inserted.order_id`.execute(db);
      return rows;
    },
    async cleanup() {
      await sql`select pg_drop_replication_slot(${slot})`.execute(db).catch(() => undefined);
      await db.destroy();
      await dropDatabase(url);
    },
  };
};
