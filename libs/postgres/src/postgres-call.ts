import { OrderflowError } from '@orderflow/errors';

/**
 * SQLSTATE classes that mean "the server or the connection is not there right now": connection
 * exceptions (08), insufficient resources (53), operator intervention such as a shutdown (57P),
 * system errors (58). Anything else (a constraint, a syntax error) is a bug or bad data, not a reason
 * to try again.
 */
const TRANSIENT_SQLSTATE = /^(08|53|57P|58)/;
/** Node socket errors a stopped or restarting server produces before any SQLSTATE exists. */
const TRANSIENT_SOCKET = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND']);

const codeOf = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;

/** Whether an error from pg means the database is unreachable (as opposed to refusing the statement). */
export const isConnectionFailure = (error: unknown): boolean => {
  const code = codeOf(error);
  if (code !== undefined) return TRANSIENT_SQLSTATE.test(code) || TRANSIENT_SOCKET.has(code);
  // pg reports a connection that ended under a query (server killed, restarted) without a code.
  return (
    error instanceof Error && /Connection terminated|connection timeout|not queryable/i.test(error.message)
  );
};

/**
 * Runs a service's database work. An unreachable database is a retriable DATABASE_UNAVAILABLE (the
 * runtime leaves the record unacknowledged and reads it again later); an OrderflowError passes through;
 * any other failure is a non-retriable DEPENDENCY_UNAVAILABLE carrying PostgreSQL's code, so a bad
 * statement is dead-lettered, not retried forever.
 */
export const postgresCall = async <T>(
  operation: string,
  context: Record<string, unknown>,
  run: () => Promise<T>,
): Promise<T> => {
  try {
    return await run();
  } catch (cause) {
    if (cause instanceof OrderflowError) throw cause;
    const retriable = isConnectionFailure(cause);
    throw new OrderflowError(
      retriable ? 'DATABASE_UNAVAILABLE' : 'DEPENDENCY_UNAVAILABLE',
      retriable
        ? `Could not ${operation}: PostgreSQL is unreachable; check that the database named by DATABASE_URL is up.`
        : `Could not ${operation}: PostgreSQL refused it (${cause instanceof Error ? cause.message : String(cause)}).`,
      { retriable, context: { ...context, sqlState: codeOf(cause) }, cause },
    );
  }
};
