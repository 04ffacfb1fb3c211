import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { pollUntil } from '@orderflow/wait';

import { isAlive } from './managed-process';

const readOwner = (ownerFile: string): number | undefined => {
  try {
    const pid = Number(readFileSync(ownerFile, 'utf8'));
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Serialises `up`/`down` across processes (two test runs, or a test run and a developer's `stack:up`)
 * with a lock directory: mkdir is atomic. A lock whose holder died is taken over.
 */
export const withStackLock = async <T>(
  runDir: string,
  timeoutMs: number,
  work: () => Promise<T>,
): Promise<T> => {
  const lockDir = join(runDir, 'stack.lock');
  const ownerFile = join(lockDir, 'owner');
  mkdirSync(runDir, { recursive: true });
  const tryAcquire = (): true | undefined => {
    try {
      mkdirSync(lockDir);
      writeFileSync(ownerFile, String(process.pid));
      return true;
    } catch {
      // No owner yet means the holder is between mkdir and writing its pid: wait, don't take over.
      const owner = readOwner(ownerFile);
      if (owner !== undefined && !isAlive(owner)) rmSync(lockDir, { recursive: true, force: true });
      return undefined;
    }
  };
  await pollUntil(() => Promise.resolve(tryAcquire()), {
    description: `the stack lock ${lockDir} (held by another orderflow command)`,
    timeoutMs,
    intervalMs: 500,
  });
  try {
    return await work();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
};
