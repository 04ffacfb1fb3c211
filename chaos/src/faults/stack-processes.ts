import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { CONNECTION_ENV_KEYS } from '@orderflow/config';
import { OrderflowError } from '@orderflow/errors';
import { createEmbeddedStack, isAlive, readStackSettings } from '@orderflow/stack';
import { pollUntil } from '@orderflow/wait';

/** The servers of the embedded stack, by the name of their pid file in `.stack/run/`. */
export type StackProcess = 'kafka' | 'schema-registry' | 'redis';

/** The pid of a running stack server, from `.stack/run/<name>.pid`. */
export const stackPid = (name: StackProcess): number => {
  const file = join(readStackSettings().runDir, `${name}.pid`);
  const pid = Number(readFileSync(file, 'utf8').trim());
  if (!Number.isInteger(pid) || !isAlive(pid)) {
    throw new OrderflowError('STACK_START_FAILED', `${name} is not running (pid file ${file}).`, {
      context: { name, file },
    });
  }
  return pid;
};

/**
 * Starts what is not running through the stack's own start path (`orderflow stack up`'s), and waits until
 * every server answers: how a killed broker or Redis comes back.
 */
export const restartStack = async (report: (line: string) => void): Promise<void> => {
  // Without the connection variables the harness exported for its clients: with REDIS_URL set, the stack
  // takes Redis for an external one, which it probes and never starts.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !CONNECTION_ENV_KEYS.includes(name as never)),
  );
  await createEmbeddedStack(readStackSettings(env)).up(report);
};

/**
 * Resolves once a killed process is gone from /proc (reaped, not only dead): until then the stack still sees
 * its pid file's process as running and would wait for it instead of starting a new one.
 */
export const waitUntilGone = (pid: number, timeoutMs: number): Promise<true> =>
  pollUntil(() => Promise.resolve(existsSync(`/proc/${pid}/cmdline`) ? undefined : true), {
    description: `process ${pid} to be gone`,
    timeoutMs,
    intervalMs: 100,
  });
