import type { KafkaRecord, RecordHeaders } from '@orderflow/kafka';

/** Offsets [from, end) of one partition. */
export interface OffsetRange {
  partition: number;
  from: bigint;
  /** Exclusive. */
  end: bigint;
}

/** A record as it is stored: bytes untouched, with its coordinates. */
export interface StoredRecord extends KafkaRecord {
  headers: RecordHeaders;
}
