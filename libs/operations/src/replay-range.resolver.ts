import { OrderflowError } from '@orderflow/errors';

import { parseInteger, parseIsoTimestamp } from './option-values.parser';
import type { PartitionBounds } from './partition-offsets.reader';
import type { OffsetRange } from './topic-range.types';

/** The range options of `replay --into`, as the CLI receives them. */
export interface RangeOptions {
  fromOffset?: string;
  toOffset?: string;
  fromDatetime?: string;
  toDatetime?: string;
}

/** Offsets are inclusive at both ends (as an operator reads them off a listing); datetimes are [from, to). */
export type RangeSelection =
  | { kind: 'offsets'; from: bigint | undefined; to: bigint | undefined }
  | { kind: 'datetimes'; from: number | undefined; to: number | undefined };

export const parseRangeSelection = (options: RangeOptions): RangeSelection => {
  const byOffset = options.fromOffset !== undefined || options.toOffset !== undefined;
  const byTime = options.fromDatetime !== undefined || options.toDatetime !== undefined;
  if (byOffset === byTime) {
    throw new OrderflowError(
      'OPERATION_INVALID',
      'Give a range either by offsets (--from-offset/--to-offset, per partition) or by time (--from-datetime/--to-datetime), not both and not neither.',
    );
  }
  return byOffset
    ? {
        kind: 'offsets',
        from:
          options.fromOffset === undefined ? undefined : parseInteger(options.fromOffset, '--from-offset'),
        to: options.toOffset === undefined ? undefined : parseInteger(options.toOffset, '--to-offset'),
      }
    : {
        kind: 'datetimes',
        from:
          options.fromDatetime === undefined
            ? undefined
            : parseIsoTimestamp(options.fromDatetime, '--from-datetime'),
        to:
          options.toDatetime === undefined
            ? undefined
            : parseIsoTimestamp(options.toDatetime, '--to-datetime'),
      };
};

export interface ResolveReplayRangesOptions {
  bounds: readonly PartitionBounds[];
  selection: RangeSelection;
  /** For datetimes: per partition, the first offset at or after each bound (see offsetsAtTimestamp). */
  fromOffsets?: ReadonlyMap<number, bigint>;
  toOffsets?: ReadonlyMap<number, bigint>;
}

const clamp = (value: bigint, { low, high }: PartitionBounds): bigint =>
  value < low ? low : value > high ? high : value;

/** Pure: each partition's [from, end), clamped to what the log holds; an inverted range is empty. */
export const resolveReplayRanges = ({
  bounds,
  selection,
  fromOffsets,
  toOffsets,
}: ResolveReplayRangesOptions): OffsetRange[] =>
  bounds.map((bound) => {
    const from =
      selection.kind === 'offsets'
        ? clamp(selection.from ?? bound.low, bound)
        : clamp(
            (selection.from === undefined ? undefined : fromOffsets?.get(bound.partition)) ?? bound.low,
            bound,
          );
    const end =
      selection.kind === 'offsets'
        ? clamp(selection.to === undefined ? bound.high : selection.to + 1n, bound)
        : clamp(
            (selection.to === undefined ? undefined : toOffsets?.get(bound.partition)) ?? bound.high,
            bound,
          );
    return { partition: bound.partition, from, end: end < from ? from : end };
  });
