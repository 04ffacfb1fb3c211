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

const COORDINATOR_MOVED = new Set(['NOT_COORDINATOR_FOR_GROUP', 'GROUP_COORDINATOR_NOT_AVAILABLE']);

/**
 * The group's coordinator is no longer the broker a consumer talks to (it moved when brokers died or came
 * back). KafkaJS keeps the coordinator it found at the join for commits while that connection stays up,
 * so only a new consumer, which looks the coordinator up again, gets its commits through.
 */
export const isCoordinatorMoved = (error: unknown): boolean =>
  kafkaErrorTypes(error).some((type) => COORDINATOR_MOVED.has(type));
