import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { OrderflowError } from '@orderflow/errors';
import { createEmbeddedStack, isAlive, readStackSettings } from '@orderflow/stack';

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
export const restartStack = async (): Promise<void> => {
  await createEmbeddedStack().up();
};
