import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import { dirname } from 'node:path';

import { OrderflowError } from '@orderflow/errors';
import { pollUntil } from '@orderflow/wait';

/** A server the stack started and left running on its own, tracked by a pid file. */
export interface ProcessSpec {
  pidFile: string;
  logFile: string;
  command: string;
  args: string[];
  cwd: string;
  /** Environment of the process; the caller's by default. */
  env?: NodeJS.ProcessEnv;
  /** Runs the process as this user (PostgreSQL refuses to run as root). */
  user?: { uid: number; gid: number };
  /**
   * A string the process's command line contains, or several of which one must be: guards against a
   * reused pid after a reboot. Several, for servers that rewrite their title once started (redis-server).
   */
  signature: string | readonly string[];
}

const commandLine = (pid: number): string | undefined => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return undefined;
  }
};

/** The pid of the spec's process if it is alive and really ours; a stale pid file is removed. */
export const runningPid = (spec: Pick<ProcessSpec, 'pidFile' | 'signature'>): number | undefined => {
  if (!existsSync(spec.pidFile)) return undefined;
  const pid = Number(readFileSync(spec.pidFile, 'utf8').trim());
  const line = Number.isInteger(pid) && pid > 0 ? commandLine(pid) : undefined;
  const signatures = typeof spec.signature === 'string' ? [spec.signature] : spec.signature;
  if (line !== undefined && signatures.some((signature) => line.includes(signature))) return pid;
  rmSync(spec.pidFile, { force: true });
  return undefined;
};

/** Starts the process detached (it outlives this CLI), output appended to its log file. */
export const startDetached = (spec: ProcessSpec): number => {
  mkdirSync(dirname(spec.pidFile), { recursive: true });
  mkdirSync(dirname(spec.logFile), { recursive: true });
  const log = openSync(spec.logFile, 'a');
  const child = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: spec.env,
    uid: spec.user?.uid,
    gid: spec.user?.gid,
    detached: true,
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  child.unref();
  if (child.pid === undefined) throw new Error(`${spec.command} did not start (see ${spec.logFile})`);
  writeFileSync(spec.pidFile, `${child.pid}\n`);
  return child.pid;
};

export const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * SIGTERM (or the server's own shutdown signal), then SIGKILL if the process is still there after
 * `graceMs`: Kafka flushes and closes its logs on SIGTERM, which makes the next start fast (no log recovery).
 */
export const stopProcess = async (
  spec: Pick<ProcessSpec, 'pidFile' | 'signature'>,
  graceMs: number,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<boolean> => {
  const pid = runningPid(spec);
  if (pid === undefined) return false;
  process.kill(pid, signal);
  try {
    await pollUntil(() => Promise.resolve(isAlive(pid) ? undefined : true), {
      description: `pid ${pid} to exit`,
      timeoutMs: graceMs,
    });
  } catch {
    process.kill(pid, 'SIGKILL');
  }
  rmSync(spec.pidFile, { force: true });
  return true;
};

/** Resident memory of a process in MiB, from /proc (Linux only, undefined elsewhere). */
export const residentMemoryMb = (pid: number): number | undefined => {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] ? Math.round(Number(match[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
};

const tail = (file: string, lines: number): string => {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
};

/**
 * Wraps a readiness probe so that waiting stops at once, with the end of the log, when the process it
 * waits for has exited: a Java that cannot open its jar should not cost a three-minute timeout.
 */
export const whileRunning =
  <T>(
    spec: ProcessSpec | (Pick<ProcessSpec, 'pidFile' | 'signature'> & { logFile: string }),
    probe: () => Promise<T>,
  ) =>
  async (): Promise<T> => {
    if (runningPid(spec) === undefined) {
      throw new OrderflowError(
        'STACK_START_FAILED',
        `The process exited during start-up; end of ${spec.logFile}:\n${tail(spec.logFile, 15)}`,
        {
          context: { logFile: spec.logFile },
        },
      );
    }
    return probe();
  };
