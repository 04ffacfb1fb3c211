/**
 * The broker error types in a KafkaJS error and its causes: KafkaJS names broker errors by `type`
 * (protocol/error.js) and wraps them (`cause`) when its retries end.
 */
export const kafkaErrorTypes = (error: unknown): string[] => {
  const types: string[] = [];
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    const { type } = current as { type?: unknown };
    if (typeof type === 'string') types.push(type);
    current = current.cause;
  }
  return types;
};

/**
 * The broker's refusal because the group's coordinator moved (NOT_COORDINATOR_FOR_GROUP), from an error or
 * its causes. KafkaJS keeps the coordinator it found at the join for commits while that connection stays
 * up; thrown from eachBatch, this error makes KafkaJS rejoin the group, which looks the coordinator up
 * again. (Stopping the consumer instead once left KafkaJS's fetcher spinning on an empty fetch.)
 */
export const coordinatorMovedError = (error: unknown): Error | undefined => {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    if ((current as { type?: unknown }).type === 'NOT_COORDINATOR_FOR_GROUP') return current;
    current = current.cause;
  }
  return undefined;
};
