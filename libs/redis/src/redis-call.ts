import { OrderflowError } from '@orderflow/errors';

/**
 * Runs a service's Redis work. Redis trouble is transient from the service's point of view, so it becomes a
 * retriable DEPENDENCY_UNAVAILABLE (the runtime retries the event); an OrderflowError (bad stored state,
 * say) passes through as it is.
 */
export const redisCall = async <T>(
  operation: string,
  context: Record<string, unknown>,
  run: () => Promise<T>,
): Promise<T> => {
  try {
    return await run();
  } catch (cause) {
    if (cause instanceof OrderflowError) throw cause;
    throw new OrderflowError(
      'DEPENDENCY_UNAVAILABLE',
      `Could not ${operation} in Redis; check that the Redis named by REDIS_URL is up.`,
      { retriable: true, context, cause },
    );
  }
};
