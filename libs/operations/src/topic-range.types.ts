/** Offsets [from, end) of one partition. */
export interface OffsetRange {
  partition: number;
  from: bigint;
  /** Exclusive. */
  end: bigint;
}
