export const GROUP_STATUSES = ['ok', 'stalled', 'stopped'] as const;
export type GroupStatus = (typeof GROUP_STATUSES)[number];

export interface PartitionProgress {
  lag: number;
  committedOffset: number;
  /** The committed offset at the previous sample; undefined on the first sample of the partition. */
  previousCommittedOffset: number | undefined;
}

/**
 * Pure. `stopped`: nobody is consuming and records wait. `stalled`: members are there but no lagging
 * partition moved since the previous sample (a stuck handler, a crash loop). Otherwise `ok`, including a
 * group whose lag grows while it commits: that is slow, not stuck, and the lag metrics show it.
 */
export const groupStatus = (options: {
  members: number;
  partitions: readonly PartitionProgress[];
}): GroupStatus => {
  const lagging = options.partitions.filter((partition) => partition.lag > 0);
  if (lagging.length === 0) return 'ok';
  if (options.members === 0) return 'stopped';
  const stuck = lagging.every((partition) => partition.previousCommittedOffset === partition.committedOffset);
  return stuck ? 'stalled' : 'ok';
};
