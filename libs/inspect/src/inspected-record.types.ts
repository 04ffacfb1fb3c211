/** Why a payload could not be decoded: the OrderflowError's code and message. */
export interface InspectError {
  code: string;
  message: string;
}

/** A record as the inspect tools print it: one JSON line each. */
export interface InspectedRecord {
  topic: string;
  partition: number;
  offset: number;
  /** ISO 8601, so a person can read it and `jq` can still sort it. */
  timestamp?: string;
  /** Keys are plain UTF-8 strings (orderIds, window starts). */
  key: string | null;
  headers: Readonly<Record<string, string>>;
  schemaId?: number;
  /** Where the registry has the writer schema (`order.created-value` v2); absent when it has no entry. */
  writer?: { subject: string; version: number };
  /** The decoded Avro value; null for a tombstone; absent when decoding failed. */
  value?: unknown;
  error?: InspectError;
  /** The undecodable payload, so nothing is lost when `error` is set. */
  payloadHex?: string;
}

/** An input line that is not a kcat -J record (cut off, or another tool's output). */
export interface UnreadableLine {
  error: InspectError;
  line: string;
}
