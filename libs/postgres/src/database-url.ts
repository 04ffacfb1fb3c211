import { z } from 'zod';

import { projectPaths, readEnvFile } from '@orderflow/config';
import { OrderflowError } from '@orderflow/errors';

const databaseUrl = z.url({ protocol: /^postgres(ql)?$/ });

/**
 * The database the payment ledger lives in: DATABASE_URL from the environment wins, else what
 * `stack:up` wrote to .stack/env. Read once at start-up; a missing or malformed URL stops the boot.
 */
export const resolveDatabaseUrl = (
  env: Record<string, string | undefined> = process.env,
  stackEnvFile = projectPaths().stackEnvFile,
): string => {
  const fromEnv = env.DATABASE_URL !== undefined && env.DATABASE_URL !== '';
  const origin = fromEnv ? 'the environment' : stackEnvFile;
  const value = fromEnv ? env.DATABASE_URL : readEnvFile(stackEnvFile).DATABASE_URL;
  const parsed = databaseUrl.safeParse(value);
  if (!parsed.success) {
    throw new OrderflowError(
      'CONFIG_INVALID',
      `DATABASE_URL from ${origin} is ${value === undefined ? 'missing' : 'not a postgres:// URL'}. ` +
        'Set DATABASE_URL, or start the embedded stack with `npm run stack:up`.',
      { context: { origin, key: 'DATABASE_URL' } },
    );
  }
  return parsed.data;
};

/** The same server's URL with another database name (the maintenance database, a test's own database). */
export const withDatabase = (url: string, database: string): string => {
  const next = new URL(url);
  next.pathname = `/${database}`;
  return next.toString();
};

/** The database a URL names. */
export const databaseName = (url: string): string => decodeURIComponent(new URL(url).pathname.slice(1));
