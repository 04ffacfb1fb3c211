import type { RecordHeaders } from '@orderflow/kafka';

/**
 * Headers retry and DLQ records carry besides the original ones: where the record came from (so the
 * retry consumer dispatches it as if it arrived there, and an operator can redrive it), how often it
 * failed, when it is next due, and why it failed.
 */
export const FAILURE_HEADER = {
  originalTopic: 'orderflow-original-topic',
  originalPartition: 'orderflow-original-partition',
  originalOffset: 'orderflow-original-offset',
  originalTimestamp: 'orderflow-original-timestamp',
  group: 'orderflow-group',
  attempts: 'orderflow-attempts',
  dueAt: 'orderflow-due-at',
  errorClass: 'orderflow-error-class',
  errorCode: 'orderflow-error-code',
  errorMessage: 'orderflow-error-message',
  failedAt: 'orderflow-failed-at',
  dlqReason: 'orderflow-dlq-reason',
  // Only on the copy without value that stands in for a record Kafka refused (record-refused).
  valueDropped: 'orderflow-value-dropped',
  headersDropped: 'orderflow-headers-dropped',
  keyDropped: 'orderflow-key-dropped',
  refusedBy: 'orderflow-refused-by',
  // Only on a copy held back behind an earlier record of its key (a group with per-key ordering): it did
  // not fail (error code HELD_BACK); it names the record it waits behind, and its attempts are the
  // failures before it was held.
  heldBehind: 'orderflow-held-behind',
} as const;

/** Where a record was first consumed: kept unchanged through every retry tier into the DLQ. */
export interface OriginalCoordinates {
  /** The logical topic (no prefix), so a record can be redriven into another namespace. */
  topic: string;
  partition: number;
  offset: string;
  timestamp: string;
}

export interface FailureFacts {
  original: OriginalCoordinates;
  group: string;
  /** Deliveries so far, the failed one included. */
  attempts: number;
  dueAt?: number;
  errorClass: string;
  errorCode: string;
  errorMessage: string;
  failedAt: number;
  dlqReason?: string;
}

export const headerText = (headers: RecordHeaders | undefined, name: string): string | undefined => {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  // A header can be present with a null value (Kafka allows it; the outbox relay writes one for a row's
  // NULL traceparent): as good as absent.
  return first === undefined || first === null ? undefined : first.toString();
};

// Error messages can be long (stack-ish texts from drivers); headers stay small and single-line.
const MAX_MESSAGE_LENGTH = 1_000;

export const encodeFailureHeaders = (facts: FailureFacts): Record<string, string> => {
  const headers: Record<string, string> = {
    [FAILURE_HEADER.originalTopic]: facts.original.topic,
    [FAILURE_HEADER.originalPartition]: String(facts.original.partition),
    [FAILURE_HEADER.originalOffset]: facts.original.offset,
    [FAILURE_HEADER.originalTimestamp]: facts.original.timestamp,
    [FAILURE_HEADER.group]: facts.group,
    [FAILURE_HEADER.attempts]: String(facts.attempts),
    [FAILURE_HEADER.errorClass]: facts.errorClass,
    [FAILURE_HEADER.errorCode]: facts.errorCode,
    [FAILURE_HEADER.errorMessage]: facts.errorMessage.replace(/\s+/g, ' ').slice(0, MAX_MESSAGE_LENGTH),
    [FAILURE_HEADER.failedAt]: String(facts.failedAt),
  };
  if (facts.dueAt !== undefined) headers[FAILURE_HEADER.dueAt] = String(facts.dueAt);
  if (facts.dlqReason !== undefined) headers[FAILURE_HEADER.dlqReason] = facts.dlqReason;
  return headers;
};

/** The coordinates and attempt count of a record that came back from a retry tier, or undefined for a first delivery. */
export const decodeRetryState = (
  headers: RecordHeaders | undefined,
): { original: OriginalCoordinates; attempts: number; dueAt: number } | undefined => {
  const topic = headerText(headers, FAILURE_HEADER.originalTopic);
  if (topic === undefined) return undefined;
  return {
    original: {
      topic,
      partition: Number(headerText(headers, FAILURE_HEADER.originalPartition)),
      offset: headerText(headers, FAILURE_HEADER.originalOffset) ?? '',
      timestamp: headerText(headers, FAILURE_HEADER.originalTimestamp) ?? '',
    },
    attempts: Number(headerText(headers, FAILURE_HEADER.attempts) ?? '1'),
    dueAt: Number(headerText(headers, FAILURE_HEADER.dueAt) ?? '0'),
  };
};

/** The record's headers without earlier failure headers, so each hop states its own facts once. */
export const withoutFailureHeaders = (headers: RecordHeaders | undefined): RecordHeaders => {
  const names = new Set<string>(Object.values(FAILURE_HEADER));
  return Object.fromEntries(Object.entries(headers ?? {}).filter(([name]) => !names.has(name)));
};
