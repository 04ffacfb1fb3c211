import type { CommitSample } from '../observe/sampler';
import { checkCommitSafety, markerMayHaveBeenLost } from './commit-safety-invariant';
import type { Evidence, LogRecord } from './evidence';

describe('markerMayHaveBeenLost', () => {
  const lost = [{ from: 10_000, to: 15_000 }];

  it('holds for a record on Kafka before the window ended, committed in a sample after it began', () => {
    expect(markerMayHaveBeenLost({ timestamp: 14_000 }, { at: 17_000 }, lost)).toBe(true);
    expect(markerMayHaveBeenLost({ timestamp: 2_000 }, { at: 10_000 }, lost)).toBe(true);
  });

  it('refuses a record appended after the window, a sample before it, or no window', () => {
    expect(markerMayHaveBeenLost({ timestamp: 15_001 }, { at: 17_000 }, lost)).toBe(false);
    expect(markerMayHaveBeenLost({ timestamp: 2_000 }, { at: 9_999 }, lost)).toBe(false);
    expect(markerMayHaveBeenLost({ timestamp: 14_000 }, { at: 17_000 }, [])).toBe(false);
  });
});

describe('checkCommitSafety', () => {
  const record = (offset: number, timestamp: number): LogRecord => ({
    topic: 'inventory.released',
    partition: 0,
    offset,
    key: `order-${offset}`,
    timestamp,
    headers: {},
    eventId: `event-${offset}`,
    orderId: `order-${offset}`,
  });
  const evidence = {
    records: new Map([['inventory.released', [record(0, 1_000), record(1, 14_000), record(2, 16_000)]]]),
  } as unknown as Evidence;
  // Committed 3 at 17 s (scan 2); event-1's marker is first seen at scan 3 (redone), event-2's at scan 4.
  const samples: CommitSample[] = [
    {
      at: 17_000,
      scan: 2,
      offsets: [
        { group: 'analytics', topic: 'inventory.released', partition: 0, committed: 3, low: 0, high: 3 },
      ],
    },
  ];
  const doneFirstSeen = new Map([
    ['analytics:event-0', 1],
    ['analytics:event-1', 3],
    ['analytics:event-2', 4],
  ]);

  it('counts apart a record redone after a failover lost its marker, and still fails one appended after it', () => {
    const result = checkCommitSafety(evidence, samples, doneFirstSeen, '', [{ from: 10_000, to: 15_000 }]);
    expect(result.counts).toMatchObject({ redoneAfterLostRecord: 1, committedBeforeDone: 1 });
    expect(result.examples).toEqual([expect.objectContaining({ eventId: 'event-2' })]);
    expect(result.pass).toBe(false);
  });

  it('fails both without a lost window', () => {
    const result = checkCommitSafety(evidence, samples, doneFirstSeen, '');
    expect(result.counts).toMatchObject({ redoneAfterLostRecord: 0, committedBeforeDone: 2 });
  });
});
