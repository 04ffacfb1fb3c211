import type { IHeaders } from 'kafkajs';

/** Offsets [from, end) of one partition. */
export interface OffsetRange {
  partition: number;
  from: bigint;
  /** Exclusive. */
  end: bigint;
}

/** A record as it is stored: bytes untouched, with its coordinates. */
export interface StoredRecord {
  topic: string;
  partition: number;
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders;
}
