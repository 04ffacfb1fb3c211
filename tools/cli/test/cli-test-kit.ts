import { execFile } from 'node:child_process';
import { join } from 'node:path';

const CLI = join(__dirname, '..', 'bin', 'orderflow.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (`npm run build` first; `npm test` builds) against the test stack; never rejects. */
export const orderflow = (...args: string[]): Promise<CliRun> =>
  new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env: process.env, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : Number(error.code ?? 1), stdout, stderr }),
    );
  });
