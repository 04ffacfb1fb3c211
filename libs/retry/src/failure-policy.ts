import { isOrderflowError } from '@orderflow/errors';

/** Where a failed delivery goes next. */
export type FailureDecision =
  | { kind: 'retry'; tierIndex: number; delayMs: number }
  | { kind: 'dead-letter'; reason: 'non-retriable' | 'retries-exhausted' | 'record-refused' };

/**
 * Pure: delivery `attempts` (1 = first) failed with `error`. Retriable failures climb the tiers one per
 * failure; past the last tier, or for a non-retriable error (undecodable bytes, unknown schema id,
 * an invalid payload), the record goes to the dead-letter topic. A plain Error counts as retriable:
 * most unknown failures are transient, and the tiers are bounded.
 */
export const decideFailure = (
  error: unknown,
  attempts: number,
  tierDelaysMs: readonly number[],
): FailureDecision => {
  const retriable = isOrderflowError(error) ? error.retriable : true;
  if (!retriable) return { kind: 'dead-letter', reason: 'non-retriable' };
  const delayMs = tierDelaysMs[attempts - 1];
  return delayMs === undefined
    ? { kind: 'dead-letter', reason: 'retries-exhausted' }
    : { kind: 'retry', tierIndex: attempts - 1, delayMs };
};
