import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { isAlive } from '@orderflow/stack';

/**
 * Test runs that use the embedded stack, one file per process under `<runDir>/test-runs`: a run that
 * started the stack stops it afterwards only when no other live run still uses it.
 */
export const registerStackUser = (runDir: string, pid = process.pid) => {
  const dir = join(runDir, 'test-runs');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, String(pid)), '');
  return {
    /** Unregisters this run; true when another live run still uses the stack. */
    release(): boolean {
      rmSync(join(dir, String(pid)), { force: true });
      return readdirSync(dir).some((name) => isAlive(Number(name)));
    },
  };
};
