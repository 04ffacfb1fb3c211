import type { LagSample } from './lag-sample.types';
import { createLagTracker } from './lag-tracker';

const sample = (
  timestampMs: number,
  logEndOffset: number,
  committedOffset: number,
  members: number,
): LagSample => ({
  timestampMs,
  groups: [{ group: 'payment', members, partitions: [{ topic: 'orders', partition: 0, committedOffset }] }],
  topics: [{ topic: 'orders', partition: 0, logEndOffset, oldestOffset: 0 }],
});

describe('createLagTracker', () => {
  it('reports lag in records and in seconds from the log-end history', () => {
    const tracker = createLagTracker();
    tracker.observe(sample(10_000, 100, 100, 1));
    const report = tracker.observe(sample(20_000, 200, 150, 1));

    expect(report.groups).toEqual([
      {
        group: 'payment',
        members: 1,
        status: 'ok',
        maxLagSeconds: 5,
        partitions: [
          { topic: 'orders', partition: 0, committedOffset: 150, logEndOffset: 200, lag: 50, lagSeconds: 5 },
        ],
      },
    ]);
  });

  it('calls a group with members stalled once its committed offset stops moving while it lags', () => {
    const tracker = createLagTracker();
    expect(tracker.observe(sample(10_000, 100, 50, 1)).groups[0]?.status).toBe('ok');
    expect(tracker.observe(sample(20_000, 120, 50, 1)).groups[0]?.status).toBe('stalled');
    expect(tracker.observe(sample(30_000, 120, 60, 1)).groups[0]?.status).toBe('ok');
  });

  it('calls a group without members that lags stopped', () => {
    const report = createLagTracker().observe(sample(10_000, 100, 40, 0));
    expect(report.groups[0]?.status).toBe('stopped');
    expect(report.groups[0]?.partitions[0]?.lag).toBe(60);
  });

  it('skips partitions whose topic is gone', () => {
    const report = createLagTracker().observe({ ...sample(10_000, 100, 40, 0), topics: [] });
    expect(report.groups[0]).toMatchObject({ partitions: [], maxLagSeconds: 0, status: 'ok' });
  });
});
