export { countDlqRecords, createDlqCounter, type DlqCount, type DlqCounter } from './dlq-summary';
export { type DlqProvenance, type DlqRecord } from './dlq-record';
export { scanDlq, type ScanDlqOptions } from './dlq.reader';
export { type DlqSelection } from './dlq-selection';
export { eventIdReader, type EventIdReader } from './event-id.reader';
export { assertGroupStopped, liveMembers, type AssertGroupStoppedOptions } from './group-activity.guard';

export {
  applyOffsetReset,
  planOffsetReset,
  type ApplyOffsetResetOptions,
  type PlanOffsetResetOptions,
} from './offset-reset.runner';
export type { OffsetResetPlan, PartitionReset, PartitionState, ResetMode } from './offset-reset.types';
export {
  withOperations,
  type ConnectOperationsOptions,
  type OperationsClient,
} from './operations-client.factory';
export { parseIntegerList, parseIsoTimestamp, parsePositiveInteger } from './option-values.parser';
export { type PartitionBounds } from './partition-offsets.reader';
export { createRateLimiter, parseRate, type RateLimiter } from './rate-limiter';
export { describeRecordValue, type DescribedValue } from './record-value.describer';
export { REDRIVE_COUNT_HEADER } from './redrive-headers';
export {
  createRedriveProgress,
  type RedriveProgress,
  type RedriveProgressOptions,
} from './redrive-progress.store';
export { type PlanRedriveOptions, type RedriveStep } from './redrive.planner';
export { redriveDlq, type RedriveDlqOptions, type RedriveTotals } from './redrive.runner';
export { scanReplayDone, type DoneScan, type ScanReplayDoneOptions } from './replay-done.scanner';
export { REPLAYED_FROM_HEADER } from './replay-header';
export {
  parseRangeSelection,
  type RangeOptions,
  type RangeSelection,
  type ResolveReplayRangesOptions,
} from './replay-range.resolver';
export { parseResetMode, type ResetModeOptions } from './reset-mode.parser';
export { type ReadTopicRangeOptions } from './topic-range.reader';
export { type LiveReader } from './topic-readers.reader';
export type { OffsetRange } from './topic-range.types';
export {
  executeRepublish,
  planRepublish,
  type ExecuteRepublishOptions,
  type PlanRepublishOptions,
  type RepublishPlan,
} from './topic-republisher';
