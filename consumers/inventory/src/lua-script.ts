import { createHash } from 'node:crypto';

import type { Redis } from 'ioredis';

/** A Lua script run by its SHA1 (EVALSHA), sent in full only when the server has not cached it yet. */
export interface LuaScript {
  run(redis: Redis, keys: string[], args: (string | number)[]): Promise<unknown>;
}

export const luaScript = (source: string): LuaScript => {
  const sha = createHash('sha1').update(source).digest('hex');
  return {
    async run(redis, keys, args) {
      try {
        return await redis.evalsha(sha, keys.length, ...keys, ...args);
      } catch (error) {
        // NOSCRIPT: a fresh or restarted server has no cached copy; EVAL caches it for the next call.
        if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
        return redis.eval(source, keys.length, ...keys, ...args);
      }
    },
  };
};
