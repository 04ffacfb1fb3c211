export { countDlqRecords, createDlqCounter, type DlqCount, type DlqCounter } from './dlq-summary';
export { deadLetteredAt, toDlqRecord, type DlqProvenance, type DlqRecord } from './dlq-record';
export { scanDlq, type ScanDlqOptions } from './dlq.reader';
export { dlqRecordMatches, selectDlqRecords, type DlqSelection } from './dlq-selection';
export { eventIdReader, type EventIdReader } from './event-id.reader';
export { assertGroupStopped, liveMembers, type AssertGroupStoppedOptions } from './group-activity.guard';
export { planPartitionReset } from './offset-reset.planner';
export {
  applyOffsetReset,
  planOffsetReset,
  type ApplyOffsetResetOptions,
  type PlanOffsetResetOptions,
} from './offset-reset.runner';
export type { OffsetResetPlan, PartitionReset, PartitionState, ResetMode } from './offset-reset.types';
export {
  connectOperations,
  withOperations,
  type ConnectOperationsOptions,
  type OperationsClient,
} from './operations-client.factory';
export {
  parseInteger,
  parseIntegerList,
  parseIsoTimestamp,
  parsePositiveInteger,
} from './option-values.parser';
export { offsetsAtTimestamp, readPartitionBounds, type PartitionBounds } from './partition-offsets.reader';
export { createRateLimiter, delayBeforeNext, parseRate, type RateLimiter } from './rate-limiter';
export { describeRecordValue, type DescribedValue } from './record-value.describer';
export { REDRIVE_COUNT_HEADER, REDRIVEN_FROM_HEADER, redriveHeaders } from './redrive-headers';
export {
  createRedriveProgress,
  type RedriveProgress,
  type RedriveProgressOptions,
} from './redrive-progress.store';
export { planRedrive, type PlanRedriveOptions, type RedriveStep } from './redrive.planner';
export { redriveDlq, type RedriveDlqOptions, type RedriveTotals } from './redrive.runner';
export {
  replayedRanges,
  scanReplayDone,
  type DoneScan,
  type ScanReplayDoneOptions,
} from './replay-done.scanner';
export { REPLAYED_FROM_HEADER, replayedFrom } from './replay-header';
export {
  parseRangeSelection,
  resolveReplayRanges,
  type RangeOptions,
  type RangeSelection,
  type ResolveReplayRangesOptions,
} from './replay-range.resolver';
export { parseResetMode, type ResetModeOptions } from './reset-mode.parser';
export { readTopicRange, type ReadTopicRangeOptions } from './topic-range.reader';
export { liveReaders, type LiveReader } from './topic-readers.reader';
export type { OffsetRange, StoredRecord } from './topic-range.types';
export {
  executeRepublish,
  planRepublish,
  type ExecuteRepublishOptions,
  type PlanRepublishOptions,
  type RepublishPlan,
} from './topic-republisher';
