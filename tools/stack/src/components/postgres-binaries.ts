import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { OrderflowError } from '@orderflow/errors';

const DEBIAN_ROOT = '/usr/lib/postgresql';

/** Debian's server binaries (initdb, postgres), newest major first; the packages keep them off PATH. */
export const findPostgresBinDir = (): string => {
  const majors = existsSync(DEBIAN_ROOT)
    ? readdirSync(DEBIAN_ROOT)
        .filter((name) => /^\d+$/.test(name) && existsSync(join(DEBIAN_ROOT, name, 'bin', 'postgres')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const newest = majors[0];
  if (newest === undefined) {
    throw new OrderflowError(
      'PREREQUISITE_MISSING',
      `No PostgreSQL server binaries under ${DEBIAN_ROOT}: \`apt-get install postgresql-15\`, ` +
        'or set DATABASE_URL to a PostgreSQL (wal_level=logical) you run.',
    );
  }
  return join(DEBIAN_ROOT, newest, 'bin');
};

/**
 * initdb and postgres refuse to run as root: as root, the stack runs them as Debian's `postgres` user
 * (the server package creates it); anyone else runs them as themselves.
 */
export const postgresUser = (): { uid: number; gid: number } | undefined => {
  if (process.getuid?.() !== 0) return undefined;
  const ids = (flag: string) =>
    Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const uid = ids('-u');
  const gid = ids('-g');
  if (!Number.isInteger(uid) || uid <= 0 || !Number.isInteger(gid)) {
    throw new OrderflowError(
      'PREREQUISITE_MISSING',
      'Running as root, the stack starts PostgreSQL as the `postgres` user, which does not exist: ' +
        '`apt-get install postgresql-15` creates it.',
    );
  }
  return { uid, gid };
};
