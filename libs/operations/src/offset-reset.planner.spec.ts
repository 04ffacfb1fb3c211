import { planPartitionReset } from './offset-reset.planner';
import type { PartitionState } from './offset-reset.types';

const state: PartitionState = { partition: 0, low: 10n, high: 50n, committed: 30n, atTimestamp: 42n };

describe('planPartitionReset', () => {
  it.each([
    [{ kind: 'earliest' } as const, 10n, 40n],
    [{ kind: 'latest' } as const, 50n, 0n],
    [{ kind: 'offset', offset: 25n } as const, 25n, 25n],
    [{ kind: 'datetime', timestamp: 0 } as const, 42n, 8n],
    [{ kind: 'shift', by: -5n } as const, 25n, 25n],
    [{ kind: 'shift', by: 5n } as const, 35n, 15n],
  ])('moves %j to the right offset and reports the lag it creates', (mode, target, lagAfter) => {
    expect(planPartitionReset(mode, state)).toEqual({
      partition: 0,
      low: 10n,
      high: 50n,
      current: 30n,
      target,
      clamped: false,
      lagBefore: 20n,
      lagAfter,
    });
  });

  it('clamps requests outside the log to its nearest end and says so', () => {
    expect(planPartitionReset({ kind: 'offset', offset: 3n }, state)).toMatchObject({
      target: 10n,
      clamped: true,
    });
    expect(planPartitionReset({ kind: 'offset', offset: 99n }, state)).toMatchObject({
      target: 50n,
      clamped: true,
    });
    expect(planPartitionReset({ kind: 'shift', by: -100n }, state)).toMatchObject({
      target: 10n,
      clamped: true,
    });
    expect(planPartitionReset({ kind: 'shift', by: 100n }, state)).toMatchObject({
      target: 50n,
      lagAfter: 0n,
    });
  });

  it('shifts a partition the group never committed on from the log start', () => {
    expect(planPartitionReset({ kind: 'shift', by: 3n }, { ...state, committed: undefined })).toMatchObject({
      current: undefined,
      target: 13n,
      lagBefore: undefined,
    });
  });
});
