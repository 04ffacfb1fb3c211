/** One header value: KafkaJS reads every value back as a Buffer; producers may write strings. */
export type HeaderValue = Buffer | string | (Buffer | string)[] | undefined;

/** A record's headers by name. */
export interface RecordHeaders {
  [name: string]: HeaderValue;
}

/**
 * A record as read from a partition. Offsets and timestamps are decimal strings: offsets outgrow a
 * JavaScript number, and the client hands both over as strings.
 */
export interface KafkaRecord {
  topic: string;
  partition: number;
  offset: string;
  /** Milliseconds since the epoch, as the broker or producer stamped it; NO_TIMESTAMP when neither did. */
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers?: RecordHeaders;
}

/** Kafka's own mark of a record without a timestamp (pre-0.10 message formats; kcat then prints none). */
export const NO_TIMESTAMP = '-1';

/** A record within one partition's batch or read: topic and partition are the batch's. */
export type PartitionRecord = Omit<KafkaRecord, 'topic' | 'partition'>;

/** A partition's position: the next offset to read (committed offsets mean the same). */
export interface TopicPartitionOffset {
  topic: string;
  partition: number;
  offset: string;
}

/**
 * Where the broker acknowledged a record: its partition and its own offset (a decimal string; '-1' when
 * the broker names none, which only acks=0 allows). Offsets order records within one partition only.
 */
export interface RecordPosition {
  partition: number;
  offset: string;
}

/** Partitions by topic, as a consumer group assigns them to one member. */
export type PartitionAssignment = Record<string, number[]>;
