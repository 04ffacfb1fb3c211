import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { CONNECTION_ENV_KEYS } from '@orderflow/config';
import { isOrderflowError, OrderflowError } from '@orderflow/errors';
import {
  createEmbeddedStack,
  isAlive,
  readStackSettings,
  redisProbe,
  type StackSettings,
} from '@orderflow/stack';
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
  const settings = readStackSettings(env);
  try {
    await createEmbeddedStack(settings).up(report);
  } catch (error) {
    if (!isOrderflowError(error, 'STACK_START_FAILED')) throw error;
    await adoptRedis(settings, report);
  }
};

const redisPid = (signature: string): number | undefined =>
  readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .find((pid) => {
      try {
        const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        return command.startsWith('redis-server') && command.includes(signature);
      } catch {
        return false;
      }
    });

/**
 * Works around the stack's start-up check for Redis (reported): the stack recognises its Redis by
 * `<host>:<port>` in the process title, which redis-server sets only once it has initialised, so a
 * restart polled early is taken for a process that exited, and its pid file is removed while Redis starts
 * fine. This waits for that Redis to answer and writes its pid file back, so `stack down` still stops it.
 */
const adoptRedis = async (settings: StackSettings, report: (line: string) => void): Promise<void> => {
  const signature = `${settings.host}:${settings.ports.redis}`;
  const probe = redisProbe(`redis://${signature}`);
  const pid = await pollUntil(
    async () => {
      await probe();
      return redisPid(signature);
    },
    { description: `the restarted Redis at ${signature} to answer`, timeoutMs: 60_000, intervalMs: 250 },
  );
  writeFileSync(join(settings.runDir, 'redis.pid'), `${pid}\n`);
  report(`redis (pid ${pid}) adopted after the stack's start-up check missed it`);
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
