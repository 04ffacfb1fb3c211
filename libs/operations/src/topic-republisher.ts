import { OrderflowError } from '@orderflow/errors';
import { createReliableProducer, type KafkaAdmin, type KafkaClient } from '@orderflow/kafka';

import { offsetsAtTimestamp, readPartitionBounds } from './partition-offsets.reader';
import { REPLAYED_FROM_HEADER, replayedFrom } from './replay-header';
import { resolveReplayRanges, type RangeSelection } from './replay-range.resolver';
import { readTopicRange } from './topic-range.reader';
import type { OffsetRange } from './topic-range.types';
import { liveReaders } from './topic-readers.reader';

export interface PlanRepublishOptions {
  admin: KafkaAdmin;
  /** Physical topics. */
  source: string;
  target: string;
  selection: RangeSelection;
  partitions?: readonly number[];
  /** Copy even while consumer groups read the target (they process the copies as new records). */
  allowLiveTarget?: boolean;
}

export interface RepublishPlan {
  source: string;
  target: string;
  ranges: OffsetRange[];
  /** Offsets in the ranges (records, unless the source is compacted or transactional). */
  total: bigint;
}

/**
 * Copies land in front of whatever reads the target: into a live event topic they would be processed
 * again by every group on it (payments, notifications). A target nobody reads now (a fresh topic, one
 * whose groups are stopped) is safe; anything else needs the operator to say so.
 */
const assertNoLiveReaders = async (admin: KafkaAdmin, target: string): Promise<void> => {
  const readers = await liveReaders(admin, target);
  if (readers.length === 0) return;
  throw new OrderflowError(
    'CONSUMER_GROUP_ACTIVE',
    `--into ${target} is read right now by ${readers.map((reader) => `${reader.groupId} (${reader.members.length} member(s))`).join(', ')}: ` +
      'every copy would be processed by them as a new record. Copy into a fresh topic, or stop those groups first; ' +
      'if they are meant to process the copies, run again with --allow-live-target.',
    { context: { target, readers: readers.map((reader) => reader.groupId) } },
  );
};

/** Resolves the per-partition ranges to copy, refusing a target that live groups read; changes nothing. */
export const planRepublish = async (options: PlanRepublishOptions): Promise<RepublishPlan> => {
  const { admin, source, target, selection } = options;
  if (source === target) {
    throw new OrderflowError(
      'OPERATION_INVALID',
      `--into names the source topic ${source}; copy into another topic.`,
    );
  }
  // Auto-creation is off: a missing target is an error to state now, not a failure after reading.
  await readPartitionBounds({ admin, topic: target });
  if (options.allowLiveTarget !== true) await assertNoLiveReaders(admin, target);
  const bounds = await readPartitionBounds({ admin, topic: source, partitions: options.partitions });
  const at = (timestamp: number | undefined) =>
    timestamp === undefined ? undefined : offsetsAtTimestamp(admin, source, timestamp);
  const ranges = resolveReplayRanges({
    bounds,
    selection,
    fromOffsets: selection.kind === 'datetimes' ? await at(selection.from) : undefined,
    toOffsets: selection.kind === 'datetimes' ? await at(selection.to) : undefined,
  });
  return { source, target, ranges, total: ranges.reduce((sum, range) => sum + range.end - range.from, 0n) };
};

export interface ExecuteRepublishOptions {
  kafka: KafkaClient;
  plan: RepublishPlan;
  /** Called with the running count every `progressEvery` records. */
  onProgress?: (copied: number) => void;
  progressEvery?: number;
}

/**
 * Copies the planned ranges into the target through the reliable producer (idempotent, acks=all): keys,
 * values and headers byte for byte, plus where each record came from. Returns the number copied.
 */
export const executeRepublish = async ({
  kafka,
  plan,
  onProgress,
  progressEvery = 1_000,
}: ExecuteRepublishOptions): Promise<number> => {
  const producer = createReliableProducer({ kafka });
  let copied = 0;
  try {
    return await readTopicRange({
      kafka,
      topic: plan.source,
      ranges: plan.ranges,
      onRecords: async (records) => {
        await producer.send(
          records.map((record) => ({
            topic: plan.target,
            key: record.key,
            value: record.value,
            headers: { ...record.headers, [REPLAYED_FROM_HEADER]: replayedFrom(record) },
          })),
        );
        const before = copied;
        copied += records.length;
        if (Math.floor(copied / progressEvery) > Math.floor(before / progressEvery)) onProgress?.(copied);
      },
    });
  } finally {
    await producer.disconnect();
  }
};
