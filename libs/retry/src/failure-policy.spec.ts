import { OrderflowError } from '@orderflow/errors';

import { decideFailure } from './failure-policy';

const tiers = [1_000, 10_000, 60_000];

describe('decideFailure', () => {
  it('climbs one tier per failed delivery, then dead-letters when the tiers are exhausted', () => {
    const error = new Error('timeout');
    expect(decideFailure(error, 1, tiers)).toEqual({ kind: 'retry', tierIndex: 0, delayMs: 1_000 });
    expect(decideFailure(error, 2, tiers)).toEqual({ kind: 'retry', tierIndex: 1, delayMs: 10_000 });
    expect(decideFailure(error, 3, tiers)).toEqual({ kind: 'retry', tierIndex: 2, delayMs: 60_000 });
    expect(decideFailure(error, 4, tiers)).toEqual({ kind: 'dead-letter', reason: 'retries-exhausted' });
  });

  it('dead-letters a non-retriable error on the first delivery', () => {
    const invalid = new OrderflowError('EVENT_INVALID', 'quantity must be positive');
    expect(decideFailure(invalid, 1, tiers)).toEqual({ kind: 'dead-letter', reason: 'non-retriable' });
  });

  it('retries a retriable OrderflowError like an unknown error', () => {
    const down = new OrderflowError('DEPENDENCY_UNAVAILABLE', 'Redis down', { retriable: true });
    expect(decideFailure(down, 1, tiers)).toEqual({ kind: 'retry', tierIndex: 0, delayMs: 1_000 });
  });

  it('dead-letters at once when a group declares no tiers', () => {
    expect(decideFailure(new Error('x'), 1, [])).toEqual({
      kind: 'dead-letter',
      reason: 'retries-exhausted',
    });
  });
});
