export {
  decodeRetryState,
  encodeFailureHeaders,
  FAILURE_HEADER,
  headerText,
  withoutFailureHeaders,
  type FailureFacts,
  type OriginalCoordinates,
} from './failure-headers';
export { type FailureDecision } from './failure-policy';
export {
  createFailureRouter,
  type FailedRecord,
  type FailureRouter,
  type HoldBackPlacement,
} from './failure-router';
export { createHoldBack, readHeldKeys, type HeldKey, type HoldBack, type HoldState } from './hold-back';
