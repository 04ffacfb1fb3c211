import { HEADER, type ProducerRecord, type RecordHeaders } from '@orderflow/kafka';

import { FAILURE_HEADER } from './failure-headers';
import type { FailedRecord } from './failure-router';

// The record's own headers that link it to its flow; the rest may be what made it too large.
const KEPT_HEADERS: readonly string[] = [
  HEADER.correlationId,
  HEADER.causationId,
  HEADER.traceparent,
  HEADER.eventId,
];
const MAX_KEPT_HEADER_BYTES = 256;
const MAX_KEY_BYTES = 1_024;

const byteLength = (value: string | Buffer): number =>
  typeof value === 'string' ? Buffer.byteLength(value) : value.length;

const keptHeaders = (headers: RecordHeaders | undefined): RecordHeaders => {
  const kept: RecordHeaders = {};
  for (const name of KEPT_HEADERS) {
    const value = headers?.[name];
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined && byteLength(first) <= MAX_KEPT_HEADER_BYTES) kept[name] = first;
  }
  return kept;
};

/**
 * What the DLQ can still take of a record Kafka refused to copy (too large for the retry tier or DLQ, or
 * invalid there): its key when short, its trace headers, the failure headers and what was left out. The
 * original coordinates in the failure headers lead to the full record while the source topic retains it.
 */
export const refusedRecordCopy = ({
  topic,
  record,
  failureHeaders,
  refusedBy,
}: {
  topic: string;
  record: FailedRecord;
  failureHeaders: Record<string, string>;
  refusedBy: string;
}): ProducerRecord => {
  const kept = keptHeaders(record.headers);
  const keyFits = record.key === null || record.key.length <= MAX_KEY_BYTES;
  const headerCount = Object.values(record.headers ?? {}).reduce<number>(
    (count, value) => count + (Array.isArray(value) ? value.length : 1),
    0,
  );
  return {
    topic,
    key: keyFits ? record.key : null,
    value: null,
    headers: {
      ...kept,
      ...failureHeaders,
      [FAILURE_HEADER.refusedBy]: refusedBy,
      [FAILURE_HEADER.valueDropped]: String(record.value?.length ?? 0),
      [FAILURE_HEADER.headersDropped]: String(headerCount - Object.keys(kept).length),
      ...(keyFits ? {} : { [FAILURE_HEADER.keyDropped]: String(record.key?.length ?? 0) }),
    },
  };
};
