import Redis from 'ioredis';

/**
 * ioredis for service state: reconnects forever in the background, but a command fails after two
 * retries instead of waiting in the offline queue, so a dead Redis surfaces as an error the runtime
 * handles (no commit) rather than as a hang. A stalled Redis (paused, swapping, a long script) fails a
 * command after `commandTimeoutMs` for the same reason. Commands issued in the same tick (the claims and
 * markers of the orders a batch works on at once) go out as one pipeline: one write and one round trip.
 *
 * Commands unanswered when a connection drops are not re-sent on the next one: their caller has already
 * heard an error, and a re-sent claim (SET NX) would be taken for someone else's.
 */
export const createRedisClient = (url: string, connectionName: string, commandTimeoutMs = 2_000): Redis =>
  new Redis(url, {
    connectionName,
    enableAutoPipelining: true,
    maxRetriesPerRequest: 2,
    commandTimeout: commandTimeoutMs,
    autoResendUnfulfilledCommands: false,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  });
