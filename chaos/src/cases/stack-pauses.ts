import { setTimeout as sleep } from 'node:timers/promises';

import type { CaseContext } from '../case.types';
import { compactAof } from '../faults/redis-aof';
import { childPids, stackPid, waitUntilGone, type StackProcess } from '../faults/stack-processes';

export interface StackFaultOptions {
  server: StackProcess;
  times: number;
  /** How long each pause lasts, or how long the server stays down after a kill. */
  forMs: number;
  /** After recovery, time before the next fault's gate. */
  gapMs: number;
  /** How long to wait for recovery after each heal (the case's I8 bound). */
  recoveryMs: number;
  /**
   * What must be under way before each fault (e.g. payment events not yet relayed); resolves false once it
   * no longer will be, which ends the faults. Work in flight in the pipeline by default.
   */
  gate?: () => Promise<boolean>;
  /** After each heal, until what depends on the server works again (e.g. the relay streams); may throw. */
  resumed?: () => Promise<void>;
}

/**
 * SIGSTOP a stack server for `pauseMs`, `times` times, each once work is in flight: it keeps its sockets
 * open and answers nothing, like a stalled or partitioned server. Always continued, even if the case fails.
 */
export const pauseServer = async (
  { faults, log }: CaseContext,
  {
    server,
    times,
    forMs: pauseMs,
    gapMs,
    recoveryMs,
    gate = () => faults.whenInFlight(),
    resumed,
  }: StackFaultOptions,
): Promise<void> => {
  for (let round = 1; round <= times; round++) {
    if (!(await gate())) {
      log(`nothing left in flight: ${round - 1} pause(s) of ${server}`);
      return;
    }
    faults.signal({ stack: server }, 'SIGSTOP');
    try {
      await sleep(pauseMs);
    } finally {
      faults.signal({ stack: server }, 'SIGCONT');
    }
    faults.healed(`${server} paused ${pauseMs / 1_000} s (${round}/${times})`);
    await resumed?.();
    await faults.whenRecovered(recoveryMs);
    await sleep(gapMs);
  }
};

/**
 * SIGKILL a stack server `times` times once work is in flight, down for `downMs`, restarted by the stack.
 * Only the server's main process is killed, as a crash of it; what it forked (PostgreSQL's backends) ends
 * on its own and is waited for before the restart.
 */
export const killServer = async (
  { faults, log, system }: CaseContext,
  {
    server,
    times,
    forMs: downMs,
    gapMs,
    recoveryMs,
    gate = () => faults.whenInFlight(),
    resumed,
  }: StackFaultOptions,
): Promise<void> => {
  for (let round = 1; round <= times; round++) {
    if (server === 'redis') await compactAof(system.pipeline.namespace.settings.redisUrl);
    if (!(await gate())) {
      log(`nothing left in flight: ${round - 1} kill(s) of ${server}`);
      return;
    }
    const orphans = childPids(stackPid(server));
    const pid = faults.signal({ stack: server }, 'SIGKILL');
    await sleep(downMs);
    for (const gone of pid === undefined ? orphans : [pid, ...orphans]) await waitUntilGone(gone, 60_000);
    await faults.restartStack();
    faults.healed(`${server} killed, down ${downMs / 1_000} s (${round}/${times})`);
    await resumed?.();
    await faults.whenRecovered(recoveryMs);
    await sleep(gapMs);
  }
};
