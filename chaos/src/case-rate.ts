import type { ChaosCase } from './case.types';
import { DEFAULT_OPTIONS, type ChaosOptions } from './options';

/**
 * A case's orders per second: `--rate`, lowered so the load lasts the case's minLoadSeconds (its faults
 * and their recovery happen while orders arrive), and never above its maxRate nor the rate it runs at the
 * default size: a larger `--orders` (the soak) makes a case longer, not faster. Case 1 at 100 000 orders
 * ran at 60/s instead of its 20.8/s, a service killed every 11 s: the box could not keep up, lag grew to
 * thousands of records and the order API answered late for minutes.
 */
export const caseRate = (
  chaosCase: Pick<ChaosCase, 'minLoadSeconds' | 'maxRate'>,
  options: Pick<ChaosOptions, 'orders' | 'rate'>,
): number => {
  const loadSeconds = chaosCase.minLoadSeconds ?? 0;
  return Math.min(
    options.rate,
    chaosCase.maxRate ?? Infinity,
    DEFAULT_OPTIONS.orders / loadSeconds,
    options.orders / loadSeconds,
  );
};
