import { createHash } from 'node:crypto';

import type { Redis } from 'ioredis';

/** A Lua script run by its SHA-1 (EVALSHA), sent in full only when the server has not cached it yet. */
export interface RedisScript {
  readonly source: string;
  readonly sha1: string;
  run(redis: Redis, keys: string[], args: Array<string | number>): Promise<unknown>;
}

export const redisScript = (source: string): RedisScript => {
  const sha1 = createHash('sha1').update(source).digest('hex');
  return {
    source,
    sha1,
    async run(redis, keys, args) {
      try {
        return await redis.evalsha(sha1, keys.length, ...keys, ...args);
      } catch (error) {
        // NOSCRIPT, Redis's documented reply when it does not know the script (first call, or after a
        // restart or SCRIPT FLUSH): EVAL runs it and caches it for the next call.
        if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
        return redis.eval(source, keys.length, ...keys, ...args);
      }
    },
  };
};
