import { Pool } from 'pg';

export interface PostgresPoolOptions {
  url: string;
  /** Shown in pg_stat_activity, so a DBA sees which service holds a connection. */
  applicationName: string;
  max?: number;
  connectTimeoutMs?: number;
  /** Idle connections the server dropped (a restart) end up here; the pool replaces them on next use. */
  onIdleError?: (error: Error) => void;
}

export type PostgresPool = Pool;

/**
 * A pg pool that survives a database restart: idle clients killed under it are reported and discarded
 * instead of crashing the process (pg emits them as 'error' events), and a connect attempt gives up after
 * `connectTimeoutMs`, so a handler waiting for a down database fails retriably instead of hanging.
 */
export const createPostgresPool = (options: PostgresPoolOptions): PostgresPool => {
  const pool = new Pool({
    connectionString: options.url,
    application_name: options.applicationName,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    idleTimeoutMillis: 30_000,
  });
  pool.on('error', (error) => options.onIdleError?.(error));
  return pool;
};

/** Readiness: a query through the pool answers; with the pool's counts for the health page. */
export const checkPool = async (pool: PostgresPool): Promise<Record<string, unknown>> => {
  await pool.query('select 1');
  return { connections: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount };
};
