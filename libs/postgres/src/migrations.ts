import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';

import { OrderflowError } from '@orderflow/errors';

import { ensureDatabase } from './postgres-admin';

export interface MigrationOptions {
  url: string;
  /** The folder of versioned `.sql` migrations (`-- Up Migration` / `-- Down Migration` sections). */
  dir: string;
  /** Told each migration as it is applied. */
  report?: (line: string) => void;
}

export interface MigrationResult {
  /** The migrations this call applied, in order; empty when the database was up to date. */
  applied: string[];
}

// node-pg-migrate 9 is ESM-only; its own CLI runs it in a child process, which works the same under
// Node 20's CommonJS services and under jest (whose module system cannot load it).
const CLI = join(dirname(require.resolve('node-pg-migrate/package.json')), 'bin', 'node-pg-migrate.js');

/**
 * Creates the database if needed and applies the migrations not yet applied, in one transaction and
 * under node-pg-migrate's advisory lock, so services starting together apply each migration once.
 */
export const applyMigrations = async (options: MigrationOptions): Promise<MigrationResult> => {
  await ensureDatabase(options.url);
  const args = [CLI, 'up', '-m', options.dir, '--no-verbose', '--migrations-table', 'pgmigrations'];
  const output = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      args,
      { env: { ...process.env, DATABASE_URL: options.url }, timeout: 120_000 },
      (error, stdout, stderr) =>
        error
          ? reject(
              new OrderflowError(
                'DEPENDENCY_UNAVAILABLE',
                `Applying the migrations in ${options.dir} failed: ${(stderr || stdout || error.message).trim()}`,
                { context: { dir: options.dir }, cause: error },
              ),
            )
          : resolve(stdout),
    );
  });
  const applied = [...output.matchAll(/### MIGRATION (\S+) \(UP\) ###/g)].map((match) => match[1] ?? '');
  applied.forEach((name) => options.report?.(`migration ${name} applied`));
  return { applied };
};
