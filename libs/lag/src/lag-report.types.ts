import type { GroupStatus } from './group-status';
import type { TopicPartitionOffsets } from './lag-sample.types';

export interface PartitionLag {
  topic: string;
  partition: number;
  committedOffset: number;
  logEndOffset: number;
  /** Records between the committed offset and the log end. */
  lag: number;
  lagSeconds: number;
}

export interface GroupLag {
  group: string;
  members: number;
  status: GroupStatus;
  maxLagSeconds: number;
  partitions: PartitionLag[];
}

/** What the exporter publishes and `orderflow lag` prints: a sample read against its history. */
export interface LagReport {
  timestampMs: number;
  groups: GroupLag[];
  topics: TopicPartitionOffsets[];
}
