/**
 * Offsets are numbers: Kafka's are int64, but a partition would need 2^53 records before that loses
 * precision, and lag arithmetic reads far better on numbers than on strings or bigints.
 */
export interface GroupPartitionOffsets {
  topic: string;
  partition: number;
  /** The group's committed offset: the next record it will read. */
  committedOffset: number;
}

export interface GroupSample {
  group: string;
  members: number;
  /** Only partitions the group has committed on; a partition never committed has no lag to speak of. */
  partitions: GroupPartitionOffsets[];
}

export interface TopicPartitionOffsets {
  topic: string;
  partition: number;
  /** The log-end offset (high watermark): the offset the next produced record gets. */
  logEndOffset: number;
  /** The oldest offset still in the log (low watermark). */
  oldestOffset: number;
}

/** One reading of the cluster, all of it taken at `timestampMs`. */
export interface LagSample {
  timestampMs: number;
  groups: GroupSample[];
  topics: TopicPartitionOffsets[];
}
