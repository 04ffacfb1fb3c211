import { groupStatus } from './group-status';

const partition = (lag: number, committedOffset: number, previousCommittedOffset?: number) => ({
  lag,
  committedOffset,
  previousCommittedOffset,
});

describe('groupStatus', () => {
  it('is ok when nothing lags, with or without members', () => {
    expect(groupStatus({ members: 0, partitions: [partition(0, 10, 10)] })).toBe('ok');
    expect(groupStatus({ members: 2, partitions: [] })).toBe('ok');
  });

  it('is stopped when records wait and nobody consumes', () => {
    expect(groupStatus({ members: 0, partitions: [partition(5, 10)] })).toBe('stopped');
  });

  it('is stalled when members are there but no lagging partition moved since the previous sample', () => {
    expect(groupStatus({ members: 1, partitions: [partition(5, 10, 10), partition(0, 7, 3)] })).toBe(
      'stalled',
    );
  });

  it('is ok while any lagging partition still makes progress', () => {
    expect(groupStatus({ members: 1, partitions: [partition(5, 10, 10), partition(2, 8, 6)] })).toBe('ok');
  });

  it('is ok on the first sample of a lagging partition: progress cannot be judged yet', () => {
    expect(groupStatus({ members: 1, partitions: [partition(5, 10)] })).toBe('ok');
  });
});
