import type { TopicPartitionOffset } from '@orderflow/kafka';
import { createLogger } from '@orderflow/logging';

import { createOffsetCommitter } from './offset-committer';

const logger = createLogger({ service: 'test', write: () => undefined });

/** A commit function that records what it was given and fails while `failing` is set. */
const recordingCommit = () => {
  const commits: TopicPartitionOffset[][] = [];
  const state = { failing: false };
  const commit = (offsets: TopicPartitionOffset[]): Promise<void> => {
    if (state.failing) return Promise.reject(new Error('REBALANCE_IN_PROGRESS'));
    commits.push(offsets);
    return Promise.resolve();
  };
  return { commits, state, commit };
};

describe('createOffsetCommitter', () => {
  it('commits the next offset to read of each partition’s last finished record, once', async () => {
    const { commits, commit } = recordingCommit();
    const committer = createOffsetCommitter({ commit, intervalMs: 60_000, logger });
    committer.done('orders', 0, '4');
    committer.done('orders', 0, '9');
    committer.done('orders', 1, '2');
    await committer.flush();
    await committer.flush();
    committer.stop();
    expect(commits).toEqual([
      [
        { topic: 'orders', partition: 0, offset: '10' },
        { topic: 'orders', partition: 1, offset: '3' },
      ],
    ]);
  });

  it('keeps offsets of a failed commit for the next one, taking later ones where records finished meanwhile', async () => {
    const { commits, state, commit } = recordingCommit();
    const committer = createOffsetCommitter({ commit, intervalMs: 60_000, logger });
    committer.done('orders', 0, '4');
    committer.done('orders', 1, '7');
    state.failing = true;
    await committer.flush();
    committer.done('orders', 1, '8');
    state.failing = false;
    await committer.flush();
    committer.stop();
    expect(commits).toEqual([
      [
        { topic: 'orders', partition: 0, offset: '5' },
        { topic: 'orders', partition: 1, offset: '9' },
      ],
    ]);
  });

  it('drops partitions outside a new assignment, and everything when stopped', async () => {
    const { commits, commit } = recordingCommit();
    const committer = createOffsetCommitter({ commit, intervalMs: 60_000, logger });
    committer.done('orders', 0, '1');
    committer.done('orders', 1, '1');
    committer.done('payments', 0, '1');
    committer.retain({ orders: [1] });
    await committer.flush();
    committer.done('orders', 1, '5');
    committer.stop();
    await committer.flush();
    expect(commits).toEqual([[{ topic: 'orders', partition: 1, offset: '2' }]]);
  });

  it('persists offsets beside the effects before Kafka hears of them, and commits nothing when that fails (F4)', async () => {
    const { commits, commit } = recordingCommit();
    const persisted: TopicPartitionOffset[][] = [];
    let persistFails = true;
    const persist = (offsets: TopicPartitionOffset[]): Promise<void> => {
      if (persistFails) return Promise.reject(new Error('Redis restarted'));
      persisted.push(offsets);
      // Kafka has not been told yet when Redis is written.
      expect(commits).toEqual([]);
      return Promise.resolve();
    };
    const committer = createOffsetCommitter({ commit, persist, intervalMs: 60_000, logger });
    committer.done('orders', 0, '4');
    await committer.flush();
    expect(commits).toEqual([]);
    persistFails = false;
    await committer.flush();
    committer.stop();
    expect(persisted).toEqual([[{ topic: 'orders', partition: 0, offset: '5' }]]);
    expect(commits).toEqual(persisted);
  });

  it('lets a caller stop waiting for a commit Kafka does not answer; the commit goes on and later ones follow (case 16)', async () => {
    const commits: TopicPartitionOffset[][] = [];
    let answer: (() => void) | undefined;
    const commit = (offsets: TopicPartitionOffset[]): Promise<void> => {
      commits.push(offsets);
      // The first commit hangs (a coordinator that is gone); the next ones are answered.
      return commits.length === 1 ? new Promise((resolve) => (answer = resolve)) : Promise.resolve();
    };
    const committer = createOffsetCommitter({ commit, intervalMs: 60_000, logger });
    committer.done('orders', 0, '4');
    expect(await committer.flushWithin(50)).toBe(false);
    committer.done('orders', 0, '9');
    answer?.();
    expect(await committer.flushWithin(1_000)).toBe(true);
    committer.stop();
    expect(commits).toEqual([
      [{ topic: 'orders', partition: 0, offset: '5' }],
      [{ topic: 'orders', partition: 0, offset: '10' }],
    ]);
  });

  it('commits on its interval without being asked', async () => {
    jest.useFakeTimers();
    try {
      const { commits, commit } = recordingCommit();
      const committer = createOffsetCommitter({ commit, intervalMs: 1_000, logger });
      committer.done('orders', 0, '0');
      await jest.advanceTimersByTimeAsync(999);
      expect(commits).toEqual([]);
      await jest.advanceTimersByTimeAsync(1);
      expect(commits).toEqual([[{ topic: 'orders', partition: 0, offset: '1' }]]);
      committer.stop();
    } finally {
      jest.useRealTimers();
    }
  });
});
