import { OrderflowError } from '@orderflow/errors';

/**
 * What a failed produce request means for the records in it:
 * - `fatal`: the producer id or its sequence numbers are no longer valid; only a new producer can send;
 * - `records-rejected`: the broker refused a partition's batch as it is (too large, invalid), so that
 *   partition appended nothing, and sending the same batch again would fail again;
 * - `transient`: anything else (timeouts, leader moves, lost connections); the same records may be sent
 *   again on the same producer id, and the broker drops the batches it already appended.
 */
export type ProduceFailure = 'fatal' | 'records-rejected' | 'transient';

// KafkaJS names broker errors by `type` (protocol/error.js) and wraps them (`cause`) when its retries end.
const FATAL = new Set([
  'OUT_OF_ORDER_SEQUENCE_NUMBER',
  'UNKNOWN_PRODUCER_ID',
  'INVALID_PRODUCER_EPOCH',
  'INVALID_PRODUCER_ID_MAPPING',
  'PRODUCER_FENCED',
  'TRANSACTION_COORDINATOR_FENCED',
]);
const RECORDS_REJECTED = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE', 'INVALID_RECORD']);

const typesOf = (error: unknown): string[] => {
  const types: string[] = [];
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    const { type } = current as { type?: unknown };
    if (typeof type === 'string') types.push(type);
    current = current.cause;
  }
  return types;
};

/** The broker's reason for refusing records as they are (e.g. MESSAGE_TOO_LARGE), if that is the failure. */
const refusalOf = (error: unknown): string | undefined =>
  typesOf(error).find((type) => RECORDS_REJECTED.has(type));

export const classifyProduceFailure = (error: unknown): ProduceFailure => {
  const types = typesOf(error);
  if (types.some((type) => FATAL.has(type))) return 'fatal';
  if (refusalOf(error) !== undefined) return 'records-rejected';
  return 'transient';
};

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Nothing of the caller's records reached a broker: "not published" is the truth, and retrying is safe. */
export const notSent = (reason: string, topics: string[], cause?: unknown): OrderflowError =>
  new OrderflowError(
    'DEPENDENCY_UNAVAILABLE',
    `Kafka is unavailable (${reason}); nothing was sent, retry later.`,
    {
      retriable: true,
      context: { dependency: 'Kafka', topics },
      cause,
    },
  );

/** Sent without an acknowledgement: the records may be in the log. Retry only with the same event ids. */
export const outcomeUnknown = (error: unknown, topics: string[]): OrderflowError =>
  new OrderflowError(
    'PUBLISH_OUTCOME_UNKNOWN',
    `Kafka did not acknowledge the records in time (${reasonOf(error)}); they may or may not be in the log, so retry with the same event ids.`,
    { retriable: true, context: { dependency: 'Kafka', topics }, cause: error },
  );

/** The broker refused the records as they are; `context.refusal` names its reason (e.g. MESSAGE_TOO_LARGE). */
export const tooLarge = (error: unknown, topics: string[]): OrderflowError =>
  new OrderflowError(
    'EVENT_TOO_LARGE',
    `The broker refused the records as they are (${reasonOf(error)}); they are not in the log. Send smaller events.`,
    { context: { topics, refusal: refusalOf(error) ?? 'MESSAGE_TOO_LARGE' }, cause: error },
  );
