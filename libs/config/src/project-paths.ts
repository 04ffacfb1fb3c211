import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { OrderflowError } from '@orderflow/errors';

/** Where the checkout's shared files live; found once from this module's own location. */
export interface ProjectPaths {
  root: string;
  topicsFile: string;
  schemasDir: string;
  /** The database's versioned migrations (`orderflow migrate`). */
  migrationsDir: string;
  /** Runtime state of the embedded stack: downloads cache, data, logs, pid files, env file. */
  stackDir: string;
  stackEnvFile: string;
}

const findRoot = (from: string): string => {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'topics.yaml')) && existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) {
      throw new OrderflowError(
        'CONFIG_INVALID',
        `No orderflow checkout (a folder with topics.yaml) above ${from}.`,
        {
          context: { from },
        },
      );
    }
  }
};

export const projectPaths = (root = findRoot(__dirname)): ProjectPaths => {
  const stackDir = process.env.ORDERFLOW_STACK_DIR ?? join(root, '.stack');
  return {
    root,
    topicsFile: join(root, 'topics.yaml'),
    schemasDir: join(root, 'schemas'),
    migrationsDir: join(root, 'migrations'),
    stackDir,
    stackEnvFile: join(stackDir, 'env'),
  };
};
