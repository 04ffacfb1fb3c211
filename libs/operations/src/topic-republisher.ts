import type { Admin, Kafka } from 'kafkajs';

import { OrderflowError } from '@orderflow/errors';
import { createReliableProducer } from '@orderflow/kafka';

import { offsetsAtTimestamp, readPartitionBounds } from './partition-offsets.reader';
import { REPLAYED_FROM_HEADER, replayedFrom } from './replay-header';
import { resolveReplayRanges, type RangeSelection } from './replay-range.resolver';
import { readTopicRange } from './topic-range.reader';
import type { OffsetRange } from './topic-range.types';

export interface PlanRepublishOptions {
  admin: Admin;
  /** Physical topics. */
  source: string;
  target: string;
  selection: RangeSelection;
  partitions?: readonly number[];
}

export interface RepublishPlan {
  source: string;
  target: string;
  ranges: OffsetRange[];
  /** Offsets in the ranges (records, unless the source is compacted or transactional). */
  total: bigint;
}

/** Resolves the per-partition ranges to copy; changes nothing. */
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
  kafka: Kafka;
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
