import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';

import { projectPaths } from '@orderflow/config';
import { OrderflowError } from '@orderflow/errors';
import { SERVICES } from '@orderflow/stack';
import { freePortRun } from '@orderflow/testing';
import { pollUntil } from '@orderflow/wait';

/** A built service running as a Node process of its own, as `npm start` runs it. */
export interface ServiceProcess {
  url: string;
  pid: number;
  /** SIGTERM (the service drains and commits), SIGKILL if it has not exited within 20 s. */
  close(): Promise<void>;
  /** SIGKILL, as a crash: nothing drains, nothing more is committed. Resolves once the process is gone. */
  kill(): Promise<void>;
}

const OUTPUT_TAIL_CHARS = 4_000;

/**
 * Starts `dist/main.js` of a service of `orderflow start`'s catalog (e.g. `inventory`) with `env` on a free
 * port and waits until /health/ready says ready (for a consumer: joined its group). With `logFile`, its
 * output is appended there too (the chaos suite reads the lines its fail points leave).
 */
export const startServiceProcess = async (
  name: string,
  env: Record<string, string | undefined>,
  { logFile }: { logFile?: string } = {},
): Promise<ServiceProcess> => {
  const service = SERVICES.find((candidate) => candidate.name === name);
  if (!service) throw new Error(`No service ${name} in the stack's service catalog.`);
  const port = await freePortRun(1);
  const child = spawn(process.execPath, [join(projectPaths().root, service.script)], {
    env: { ...env, [service.portVariable]: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keepTail = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout.on('data', keepTail);
  child.stderr.on('data', keepTail);
  if (logFile !== undefined) {
    const log = createWriteStream(logFile, { flags: 'a' });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    child.once('exit', () => setImmediate(() => log.end()));
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  try {
    await pollUntil(
      async () => {
        if (child.exitCode !== null) {
          throw new OrderflowError('STACK_START_FAILED', `${service.name} exited with ${child.exitCode}.`, {
            context: { service: service.name, output },
          });
        }
        const response = await fetch(`${url}/health/ready`).catch(() => undefined);
        return response?.ok ? true : undefined;
      },
      { description: `${service.name} (pid ${child.pid}) to report ready at ${url}`, timeoutMs: 60_000 },
    );
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    url,
    pid: child.pid!,
    async close() {
      if (!running()) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(killer);
    },
    async kill() {
      if (!running()) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
};
