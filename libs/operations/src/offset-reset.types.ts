/** Where `orderflow replay` moves a stopped group's committed offsets, one mode per run. */
export type ResetMode =
  | { kind: 'earliest' }
  | { kind: 'latest' }
  | { kind: 'offset'; offset: bigint }
  | { kind: 'datetime'; timestamp: number }
  | { kind: 'shift'; by: bigint };

/** What the broker says about one partition, read before planning. */
export interface PartitionState {
  partition: number;
  /** The log start offset. */
  low: bigint;
  /** The high watermark: the offset the next record will get. */
  high: bigint;
  /** The group's committed offset; undefined when the group never committed on this partition. */
  committed: bigint | undefined;
  /** For datetime mode: the first offset whose timestamp is at or after the requested time (high if none). */
  atTimestamp?: bigint;
}

/** One partition's planned move. */
export interface PartitionReset {
  partition: number;
  low: bigint;
  high: bigint;
  current: bigint | undefined;
  target: bigint;
  /** Whether the requested offset lay outside [low, high] and was moved to the nearest end. */
  clamped: boolean;
  /** Records the group has not read yet, before and after the reset. */
  lagBefore: bigint | undefined;
  lagAfter: bigint;
}

export interface OffsetResetPlan {
  /** The physical group id and topic (prefix applied). */
  groupId: string;
  topic: string;
  mode: ResetMode;
  partitions: PartitionReset[];
}
