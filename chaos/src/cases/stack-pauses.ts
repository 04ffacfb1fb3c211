import { setTimeout as sleep } from 'node:timers/promises';

import type { CaseContext } from '../case.types';
import { compactAof } from '../faults/redis-aof';
import { waitUntilGone, type StackProcess } from '../faults/stack-processes';

export interface StackFaultOptions {
  server: StackProcess;
  times: number;
  /** How long each pause lasts, or how long the server stays down after a kill. */
  forMs: number;
  /** After recovery, time before the next fault's gate. */
  gapMs: number;
  /** How long to wait for recovery after each heal (the case's I8 bound). */
  recoveryMs: number;
}

/**
 * SIGSTOP a stack server for `pauseMs`, `times` times, each once work is in flight: it keeps its sockets
 * open and answers nothing, like a stalled or partitioned server. Always continued, even if the case fails.
 */
export const pauseServer = async (
  { faults, log }: CaseContext,
  { server, times, forMs: pauseMs, gapMs, recoveryMs }: StackFaultOptions,
): Promise<void> => {
  for (let round = 1; round <= times; round++) {
    if (!(await faults.whenInFlight())) {
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
    await faults.whenRecovered(recoveryMs);
    await sleep(gapMs);
  }
};

/** SIGKILL a stack server `times` times once work is in flight, down for `downMs`, restarted by the stack. */
export const killServer = async (
  { faults, log, system }: CaseContext,
  { server, times, forMs: downMs, gapMs, recoveryMs }: StackFaultOptions,
): Promise<void> => {
  for (let round = 1; round <= times; round++) {
    if (server === 'redis') await compactAof(system.pipeline.namespace.settings.redisUrl);
    if (!(await faults.whenInFlight())) {
      log(`nothing left in flight: ${round - 1} kill(s) of ${server}`);
      return;
    }
    const pid = faults.signal({ stack: server }, 'SIGKILL');
    await sleep(downMs);
    if (pid !== undefined) await waitUntilGone(pid, 60_000);
    await faults.restartStack();
    faults.healed(`${server} killed, down ${downMs / 1_000} s (${round}/${times})`);
    await faults.whenRecovered(recoveryMs);
    await sleep(gapMs);
  }
};
