import { createHash } from 'node:crypto';

import type { Redis } from 'ioredis';

/** A Lua script and its SHA-1, so it is sent to Redis once and then run by hash. */
export interface RedisScript {
  source: string;
  sha1: string;
}

export const redisScript = (source: string): RedisScript => ({
  source,
  sha1: createHash('sha1').update(source).digest('hex'),
});

/**
 * EVALSHA, falling back to EVAL when Redis does not know the script yet (first call, or after a restart
 * or SCRIPT FLUSH); EVAL caches it for the next call. NOSCRIPT is Redis's documented reply for that case.
 */
export const runScript = async (
  redis: Redis,
  script: RedisScript,
  keys: string[],
  args: Array<string | number>,
): Promise<unknown> => {
  try {
    return await redis.evalsha(script.sha1, keys.length, ...keys, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return redis.eval(script.source, keys.length, ...keys, ...args);
  }
};
