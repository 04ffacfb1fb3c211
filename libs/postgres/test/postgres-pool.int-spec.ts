import { isOrderflowError } from '@orderflow/errors';

import { createPostgresPool, postgresCall, type PostgresPool } from '../src';

const databaseUrl = (): string => {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: test/global-setup.ts exports the stack’s PostgreSQL.');
  return url;
};

describe('createPostgresPool when the server ends a connection a caller holds', () => {
  let pool: PostgresPool;
  let admin: PostgresPool;

  beforeAll(() => {
    pool = createPostgresPool({ url: databaseUrl(), applicationName: 'pool-int-spec', max: 1 });
    admin = createPostgresPool({ url: databaseUrl(), applicationName: 'pool-int-spec-admin', max: 1 });
  });

  afterAll(async () => {
    await pool.end();
    await admin.end();
  });

  // Chaos case 19 (PostgreSQL's postmaster SIGKILLed): payment crashed twice on "Unhandled 'error' event"
  // (57P01, terminating connection due to unexpected postmaster exit) from a client held between two
  // statements of its transaction, which the pool does not listen on.
  it('keeps the process up, fails the holder’s next statement retriably and replaces the client', async () => {
    const client = await pool.connect();
    const ended = new Promise((resolve) => client.once('end', resolve));
    const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
    const pid = rows[0]?.pid;
    await admin.query('select pg_terminate_backend($1)', [pid]);
    // The server's FATAL reaches the held client (its 'error' event), then the socket closes ('end').
    await ended;

    const next = await postgresCall('run the next statement', {}, () => client.query('select 1')).catch(
      (error: unknown) => error,
    );
    client.release();

    expect(isOrderflowError(next) && { code: next.code, retriable: next.retriable }).toEqual({
      code: 'DATABASE_UNAVAILABLE',
      retriable: true,
    });
    const after = await pool.query<{ pid: number }>('select pg_backend_pid() as pid');
    expect(after.rows[0]?.pid).not.toBe(pid);
  });

  // Chaos case 19 (PostgreSQL SIGSTOPped 20 s): every pooled connection hung on the stalled server, the
  // next handler's wait for one timed out, and payment dead-lettered 114 good records with
  // DEPENDENCY_UNAVAILABLE "timeout exceeded when trying to connect".
  it('takes a wait for a connection that times out for DATABASE_UNAVAILABLE, retriable', async () => {
    const busy = createPostgresPool({
      url: databaseUrl(),
      applicationName: 'pool-int-spec-busy',
      max: 1,
      connectTimeoutMs: 300,
    });
    const held = await busy.connect();
    try {
      const failure = await postgresCall('record the payment', {}, () => busy.query('select 1')).catch(
        (error: unknown) => error,
      );

      expect(isOrderflowError(failure) && { code: failure.code, retriable: failure.retriable }).toEqual({
        code: 'DATABASE_UNAVAILABLE',
        retriable: true,
      });
    } finally {
      held.release();
      await busy.end();
    }
  });
});
