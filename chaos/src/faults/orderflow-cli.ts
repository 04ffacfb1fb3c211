import { execFile } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { projectPaths } from '@orderflow/config';

const run = promisify(execFile);

/**
 * Runs the built `orderflow` CLI as an operator would (the servers come from the environment the harness
 * exported), appending the command and its output to `<dir>/operations.log`; rejects when it exits non-zero.
 */
export const orderflowCli = async (dir: string, args: string[]): Promise<string> => {
  const bin = join(projectPaths().root, 'tools', 'cli', 'bin', 'orderflow.js');
  const log = join(dir, 'operations.log');
  appendFileSync(log, `$ orderflow ${args.join(' ')}\n`);
  try {
    const { stdout } = await run(process.execPath, [bin, ...args], { maxBuffer: 64 * 1_048_576 });
    appendFileSync(log, stdout);
    return stdout;
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    appendFileSync(log, `${stdout}${stderr}`);
    throw error;
  }
};
