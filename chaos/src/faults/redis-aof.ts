import Redis from 'ioredis';

import { pollUntil } from '@orderflow/wait';

/**
 * Rewrites Redis's append-only file to its current data and waits until done. The stack recognises its Redis
 * by the process title, which Redis sets only after loading the AOF: a restart that has to replay a long AOF
 * (every earlier case's writes) looks like a process that exited during start-up. A compact AOF keeps the
 * restart about the system under test.
 */
export const compactAof = async (redisUrl: string): Promise<void> => {
  const redis = new Redis(redisUrl);
  try {
    await redis.bgrewriteaof().catch(() => undefined);
    await pollUntil(
      async () =>
        (await redis.info('persistence')).includes('aof_rewrite_in_progress:0') ? true : undefined,
      { description: 'the AOF rewrite to finish', timeoutMs: 60_000, intervalMs: 200 },
    );
  } finally {
    redis.disconnect();
  }
};
