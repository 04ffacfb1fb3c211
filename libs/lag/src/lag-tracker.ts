import { groupStatus } from './group-status';
import type { GroupLag, LagReport, PartitionLag } from './lag-report.types';
import type { GroupSample, LagSample } from './lag-sample.types';
import { appendOffsetPoint, lagSeconds, type OffsetPoint } from './offset-history';

export interface LagTrackerOptions {
  /** Log-end offsets remembered per partition: at a 5 s interval, 60 points reach back at least 5 minutes. */
  maxPoints?: number;
}

const partitionKey = (topic: string, partition: number): string => `${topic}\u0000${partition}`;
const groupPartitionKey = (group: string, topic: string, partition: number): string =>
  `${group}\u0000${partitionKey(topic, partition)}`;

/**
 * Keeps what lag in seconds and group status need from earlier samples: each partition's log-end offset
 * history and each group's previous committed offsets. Partitions missing from a sample are forgotten.
 */
export const createLagTracker = ({ maxPoints = 60 }: LagTrackerOptions = {}) => {
  let histories = new Map<string, OffsetPoint[]>();
  let committed = new Map<string, number>();

  const groupLag = (sample: LagSample, group: GroupSample): GroupLag => {
    const partitions: PartitionLag[] = [];
    const progress = [];
    for (const { topic, partition, committedOffset } of group.partitions) {
      const history = histories.get(partitionKey(topic, partition));
      const logEndOffset = history?.at(-1)?.offset;
      // A topic deleted since the group committed on it has no log end to measure against.
      if (history === undefined || logEndOffset === undefined) continue;
      const lag = Math.max(0, logEndOffset - committedOffset);
      partitions.push({
        topic,
        partition,
        committedOffset,
        logEndOffset,
        lag,
        lagSeconds: lagSeconds({ history, committedOffset, nowMs: sample.timestampMs }),
      });
      progress.push({
        lag,
        committedOffset,
        previousCommittedOffset: committed.get(groupPartitionKey(group.group, topic, partition)),
      });
    }
    return {
      group: group.group,
      members: group.members,
      status: groupStatus({ members: group.members, partitions: progress }),
      maxLagSeconds: Math.max(0, ...partitions.map((partition) => partition.lagSeconds)),
      partitions,
    };
  };

  return {
    observe(sample: LagSample): LagReport {
      const nextHistories = new Map<string, OffsetPoint[]>();
      for (const { topic, partition, logEndOffset } of sample.topics) {
        const key = partitionKey(topic, partition);
        const point = { timestampMs: sample.timestampMs, offset: logEndOffset };
        nextHistories.set(key, appendOffsetPoint(histories.get(key) ?? [], point, maxPoints));
      }
      histories = nextHistories;
      const groups = sample.groups.map((group) => groupLag(sample, group));
      committed = new Map(
        sample.groups.flatMap((group) =>
          group.partitions.map(
            ({ topic, partition, committedOffset }) =>
              [groupPartitionKey(group.group, topic, partition), committedOffset] as const,
          ),
        ),
      );
      return { timestampMs: sample.timestampMs, groups, topics: sample.topics };
    },
  };
};

export type LagTracker = ReturnType<typeof createLagTracker>;
