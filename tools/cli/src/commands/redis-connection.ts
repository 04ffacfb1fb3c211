import { Redis } from 'ioredis';

import { resolveConnectionSettings } from '@orderflow/config';

/** Runs `work` with a connection to the Redis of the resolved connection settings, closed afterwards. */
export const withRedis = async <T>(work: (redis: Redis) => Promise<T>): Promise<T> => {
  const { redisUrl } = resolveConnectionSettings();
  // One attempt per command: an operator wants the error now, not a reconnect loop.
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
  });
  // The failed command reports the error; without a listener ioredis would also print it as unhandled.
  redis.on('error', () => undefined);
  try {
    return await work(redis);
  } finally {
    redis.disconnect();
  }
};
