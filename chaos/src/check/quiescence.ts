import { pollUntil } from '@orderflow/wait';

import type { LoadRun } from '../load/open-loop';
import type { Sampler } from '../observe/sampler';

export interface QuiescenceOptions {
  /** Lag must have been 0 for this long (every sample in it). */
  stableMs: number;
  timeoutMs: number;
}

/**
 * Waits until the system is quiet: every ledger order final or given up, then every group's committed offset
 * at the end of its source and retry topics (lag 0 covers records waiting in a tier for their due time: a
 * tier's offset is committed only once the record is handled) and no job waiting in a work queue or its
 * delay tiers (a job delayed there is work not done yet, invisible to Kafka), stable for `stableMs`. Resolves with how long
 * it took from the last order's settlement.
 */
export const waitForQuiescence = async (
  load: LoadRun,
  sampler: Sampler,
  { stableMs, timeoutMs }: QuiescenceOptions,
): Promise<number> => {
  await load.finished;
  const settledAt = Date.now();
  await pollUntil(
    () => {
      const recent = sampler.samples.filter((sample) => sample.at >= Date.now() - stableMs);
      const window = sampler.samples.filter((sample) => sample.at >= settledAt);
      const quiet =
        window.length > 0 &&
        Date.now() - settledAt >= stableMs &&
        recent.length >= 2 &&
        recent.every((sample) => sample.totalLag === 0 && sample.queuedJobs === 0);
      return Promise.resolve(quiet ? true : undefined);
    },
    {
      description: 'every group to commit the end of its topics and the work queues to drain, stable',
      timeoutMs,
      intervalMs: 500,
    },
  );
  return Date.now() - settledAt;
};
