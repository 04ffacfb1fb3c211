import { Client } from 'pg';

import { databaseName, withDatabase } from './database-url';

const PROBE_TIMEOUT_MS = 2_000;

export const withClient = async <T>(url: string, run: (client: Client) => Promise<T>): Promise<T> => {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: PROBE_TIMEOUT_MS });
  // A server that goes away while connected emits an 'error' event; the awaited query reports it.
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end().catch(() => undefined);
  }
};

const quoteIdentifier = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** Answers with the server version and the logical replication setting; throws when it does not answer. */
export const postgresProbe = (url: string) => (): Promise<string> =>
  withClient(url, async (client) => {
    const { rows } = await client.query<{ version: string; wal_level: string }>(
      "select current_setting('server_version') as version, current_setting('wal_level') as wal_level",
    );
    const row = rows[0];
    return `PostgreSQL ${row?.version ?? '?'}, wal_level=${row?.wal_level ?? '?'}, database ${databaseName(url)}`;
  });

/** Creates the database the URL names when it does not exist (connecting to the server's `postgres` one). */
export const ensureDatabase = (url: string): Promise<boolean> =>
  withClient(withDatabase(url, 'postgres'), async (client) => {
    const name = databaseName(url);
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (rowCount !== 0) return false;
    await client.query(`create database ${quoteIdentifier(name)}`);
    return true;
  });

/** Drops a database (tests' own), disconnecting whoever still uses it. */
export const dropDatabase = (url: string): Promise<void> =>
  withClient(withDatabase(url, 'postgres'), async (client) => {
    await client.query(`drop database if exists ${quoteIdentifier(databaseName(url))} with (force)`);
  });

/** The names of the server's databases other than its templates. */
export const listDatabases = (url: string): Promise<string[]> =>
  withClient(withDatabase(url, 'postgres'), async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      'select datname from pg_database where not datistemplate order by datname',
    );
    return rows.map((row) => row.datname);
  });
