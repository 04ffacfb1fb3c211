import Redis from 'ioredis';

/**
 * ioredis for service state: reconnects forever in the background, but a command fails after two
 * retries instead of waiting in the offline queue, so a dead Redis surfaces as an error the runtime
 * handles (no commit) rather than as a hang. Commands issued in the same tick (the claims and markers of
 * the orders a batch works on at once) go out as one pipeline: one write and one round trip.
 */
export const createRedisClient = (url: string, connectionName: string): Redis =>
  new Redis(url, {
    connectionName,
    enableAutoPipelining: true,
    maxRetriesPerRequest: 2,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  });
