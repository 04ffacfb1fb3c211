import { isOrderflowError, OrderflowError } from '@orderflow/errors';

/** A failed Redis command as the retriable error the HTTP layer answers with 503 (and handlers retry). */
export const redisUnavailable = (error: unknown): Error => {
  if (isOrderflowError(error)) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new OrderflowError('DEPENDENCY_UNAVAILABLE', `Redis is unavailable (${reason}); retry later.`, {
    retriable: true,
    context: { dependency: 'redis' },
    cause: error,
  });
};
