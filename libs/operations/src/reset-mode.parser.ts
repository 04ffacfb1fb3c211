import { OrderflowError } from '@orderflow/errors';

import { parseInteger, parseIsoTimestamp } from './option-values.parser';
import type { ResetMode } from './offset-reset.types';

/** The reset options as the CLI receives them. */
export interface ResetModeOptions {
  toEarliest?: boolean;
  toLatest?: boolean;
  toOffset?: string;
  toDatetime?: string;
  shiftBy?: string;
}

/** Pure: exactly one of the five modes, or an error naming what was given. */
export const parseResetMode = (options: ResetModeOptions): ResetMode => {
  const modes: ResetMode[] = [];
  if (options.toEarliest === true) modes.push({ kind: 'earliest' });
  if (options.toLatest === true) modes.push({ kind: 'latest' });
  if (options.toOffset !== undefined)
    modes.push({ kind: 'offset', offset: parseInteger(options.toOffset, '--to-offset') });
  if (options.toDatetime !== undefined)
    modes.push({ kind: 'datetime', timestamp: parseIsoTimestamp(options.toDatetime, '--to-datetime') });
  if (options.shiftBy !== undefined)
    modes.push({ kind: 'shift', by: parseInteger(options.shiftBy, '--shift-by') });
  const [mode, ...others] = modes;
  if (mode === undefined || others.length > 0) {
    throw new OrderflowError(
      'OPERATION_INVALID',
      `Give exactly one of --to-earliest, --to-latest, --to-offset N, --to-datetime ISO, --shift-by ±N (got ${modes.length}).`,
      { context: { given: modes.map((given) => given.kind) } },
    );
  }
  if (mode.kind === 'offset' && mode.offset < 0n) {
    throw new OrderflowError('OPERATION_INVALID', '--to-offset must not be negative.', {
      context: { offset: String(mode.offset) },
    });
  }
  return mode;
};
