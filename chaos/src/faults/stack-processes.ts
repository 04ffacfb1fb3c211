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
export type StackProcess = 'kafka' | 'schema-registry' | 'redis' | 'postgres' | 'kafka-connect';

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
  // Without the variables the harness exported for its clients: with REDIS_URL, DATABASE_URL or
  // KAFKA_CONNECT_URL set, the stack takes that server for an external one, which it probes and never starts.
  const exported: readonly string[] = [...CONNECTION_ENV_KEYS, 'DATABASE_URL', 'KAFKA_CONNECT_URL'];
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !exported.includes(name)));
  const settings = readStackSettings(env);
  try {
    await createEmbeddedStack(settings).up(report);
  } catch (error) {
    // Only a Redis whose pid file the check removed is adopted: any other server that failed to start
    // (a PostgreSQL refusing its data directory) is the case's failure, not something to wait out.
    const redisDropped = !existsSync(join(settings.runDir, 'redis.pid'));
    if (!isOrderflowError(error, 'STACK_START_FAILED') || !redisDropped) throw error;
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

/** The parent pid from `/proc/<pid>/stat` (the fields after the command name, which may hold spaces). */
const parentPid = (pid: number): number | undefined => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
};

/**
 * The processes a server forked (PostgreSQL's backends, walsenders and background workers): a pause
 * of the postmaster alone would leave every open session answering, and after a kill of the postmaster
 * its orphaned backends hold the shared memory a new postmaster refuses to start beside.
 */
export const childPids = (pid: number): number[] =>
  readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((candidate) => parentPid(candidate) === pid);

/** Signals every child of `pid`; one that exited since it was listed is skipped. */
export const signalChildren = (pid: number, signal: NodeJS.Signals): void => {
  for (const child of childPids(pid)) {
    try {
      process.kill(child, signal);
    } catch {
      // Exited between the listing and the signal: nothing left to stop or continue.
    }
  }
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
