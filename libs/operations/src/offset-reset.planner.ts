import { OrderflowError } from '@orderflow/errors';

import type { PartitionReset, PartitionState, ResetMode } from './offset-reset.types';

const clamp = (value: bigint, low: bigint, high: bigint): bigint =>
  value < low ? low : value > high ? high : value;

const requestedOffset = (mode: ResetMode, state: PartitionState): bigint => {
  switch (mode.kind) {
    case 'earliest':
      return state.low;
    case 'latest':
      return state.high;
    case 'offset':
      return mode.offset;
    case 'datetime':
      if (state.atTimestamp === undefined) {
        throw new OrderflowError(
          'OPERATION_INVALID',
          `No offset for ${new Date(mode.timestamp).toISOString()} was read for partition ${state.partition}.`,
          { context: { partition: state.partition } },
        );
      }
      return state.atTimestamp;
    case 'shift':
      // Kafka's own tool shifts an uncommitted partition from its reset position; orderflow's consumers
      // start from the earliest offset, so that is the position a shift starts from here.
      return (state.committed ?? state.low) + mode.by;
  }
};

/**
 * Pure: where one partition's committed offset moves. Requests outside [low, high] are clamped, since
 * committing an offset the log no longer (or not yet) has would make the consumer fall back to its reset
 * policy, which is exactly the surprise a dry-run should rule out.
 */
export const planPartitionReset = (mode: ResetMode, state: PartitionState): PartitionReset => {
  const requested = requestedOffset(mode, state);
  const target = clamp(requested, state.low, state.high);
  return {
    partition: state.partition,
    low: state.low,
    high: state.high,
    current: state.committed,
    target,
    clamped: target !== requested,
    lagBefore: state.committed === undefined ? undefined : state.high - state.committed,
    lagAfter: state.high - target,
  };
};
