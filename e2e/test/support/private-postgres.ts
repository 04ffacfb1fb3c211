import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { projectPaths } from '@orderflow/config';
import { applyMigrations } from '@orderflow/postgres';
import { createLocalPostgres, type StackComponent } from '@orderflow/stack';
import { freePortRun } from '@orderflow/testing';

export interface PrivatePostgres {
  url: string;
  /** The postmaster's pid while it runs. */
  pid(): number | undefined;
  /** Fast shutdown (sessions ended), as an operator's restart does; resolves once it exited. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data; resolves once it answers. */
  start(): Promise<void>;
  /** Stops it and deletes its folder. */
  close(): Promise<void>;
}

/**
 * A PostgreSQL of the test's own (Debian's server, as the stack runs it) on a free port in a temporary
 * folder, migrated: a test may stop and restart it without touching everyone's database.
 */
export const startPrivatePostgres = async (): Promise<PrivatePostgres> => {
  const dir = mkdtempSync(join(tmpdir(), 'orderflow-pg-'));
  // The server runs as `postgres` when the tests run as root: it must be able to enter the folder.
  chmodSync(dir, 0o755);
  const server: StackComponent = createLocalPostgres({
    host: '127.0.0.1',
    port: await freePortRun(1),
    home: join(dir, 'pg'),
    pidFile: join(dir, 'postgres.pid'),
    logFile: join(dir, 'postgres.log'),
  });
  const start = async (): Promise<void> => {
    server.start(() => undefined);
    await server.waitUntilReady(30_000);
  };
  const close = async (): Promise<void> => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await server.prepare(() => undefined);
    await start();
    await applyMigrations({ url: server.address, dir: projectPaths().migrationsDir });
  } catch (error) {
    await close();
    throw error;
  }
  return {
    url: server.address,
    pid: () => server.pid(),
    stop: async () => {
      await server.stop();
    },
    start,
    close,
  };
};
