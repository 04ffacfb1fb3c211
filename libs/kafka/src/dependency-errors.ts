import { isOrderflowError, OrderflowError } from '@orderflow/errors';

/**
 * Kafka or registry trouble as the one retriable error callers branch on. OrderflowErrors (an invalid
 * event, an unregistered schema) keep their own code: waiting will not fix them.
 */
export const asDependencyError = (
  error: unknown,
  dependency: string,
  context: Record<string, unknown> = {},
): Error => {
  if (isOrderflowError(error)) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new OrderflowError(
    'DEPENDENCY_UNAVAILABLE',
    `${dependency} is unavailable (${reason}); retry later.`,
    {
      retriable: true,
      context: { dependency, ...context },
      cause: error,
    },
  );
};
