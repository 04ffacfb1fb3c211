import Redis from 'ioredis';

/**
 * ioredis for service state: reconnects forever in the background, but a command fails after two
 * retries instead of waiting in the offline queue, so a dead Redis surfaces as an error the runtime
 * handles (no commit) rather than as a hang.
 */
export const createRedisClient = (url: string, connectionName: string): Redis =>
  new Redis(url, {
    connectionName,
    maxRetriesPerRequest: 2,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  });
