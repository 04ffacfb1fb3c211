/**
 * Kafka error types that refuse a record itself rather than the request: sending the same bytes again,
 * now or later, cannot succeed. KafkaJS reports them as non-retriable protocol errors, which callers
 * wrap (the reliable producer's DEPENDENCY_UNAVAILABLE), so the whole cause chain is searched.
 */
const RECORD_REFUSALS: ReadonlySet<string> = new Set([
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_RECORD',
]);

// Causes nest a few levels deep (OrderflowError → KafkaJSNonRetriableError → KafkaJSProtocolError).
const MAX_CAUSE_DEPTH = 8;

/** The Kafka error type that refused the record, when the broker refused the record and not the request. */
export const recordRefusal = (error: unknown): string | undefined => {
  let current: unknown = error;
  for (
    let depth = 0;
    depth < MAX_CAUSE_DEPTH && typeof current === 'object' && current !== null;
    depth += 1
  ) {
    const type: unknown = (current as { type?: unknown }).type;
    if (typeof type === 'string' && RECORD_REFUSALS.has(type)) return type;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
};
