import { createJobLedger } from './job-ledger';

describe('job ledger (enqueue → done per send job)', () => {
  it('measures latency from when a job was due, and throughput from the first enqueue to the last done', () => {
    const ledger = createJobLedger();
    ledger.enqueued('a', 0);
    ledger.enqueued('b', 0);
    ledger.enqueued('c', 500);
    expect(ledger.pending()).toBe(3);
    ledger.done('a', 10);
    ledger.done('b', 20);
    ledger.done('c', 1_000);
    expect(ledger.pending()).toBe(0);
    const report = ledger.report();
    expect(report.gate.ok).toBe(true);
    expect(report.latenciesMs).toEqual([10, 20, 500]);
    expect(report.p50Ms).toBe(20);
    expect(report.maxMs).toBe(500);
    expect(report.elapsedMs).toBe(1_000);
    expect(report.jobsPerSecond).toBe(3);
  });

  it('leaves the slow job out of the others, and counts the others held past a threshold', () => {
    const ledger = createJobLedger();
    ['slow', 'x', 'y', 'z'].forEach((jobId, index) => ledger.enqueued(jobId, index * 5));
    ledger.done('slow', 2_000);
    ledger.done('x', 600);
    ledger.done('y', 15);
    ledger.done('z', 700);
    const report = ledger.report({ excluding: new Set(['slow']), heldAtLeastMs: 500 });
    expect(report.latenciesMs).toEqual([595, 5, 685]);
    expect(report.held).toBe(2);
    expect(report.maxMs).toBe(685);
    expect(report.elapsedMs).toBe(2_000);
  });

  it('fails the gate for a job never done, done twice, or done without being enqueued', () => {
    const ledger = createJobLedger();
    ledger.enqueued('a', 0);
    ledger.enqueued('b', 0);
    ledger.enqueued('c', 0);
    ledger.done('a', 5);
    ledger.done('a', 9);
    ledger.done('b', 6);
    ledger.done('stranger', 7);
    expect(ledger.pending()).toBe(1);
    const report = ledger.report();
    expect(report.gate.ok).toBe(false);
    expect(report.gate.detail).toBe(
      '1 of 3 jobs never done; 1 jobs done more than once; 1 jobs done that were never enqueued',
    );
    // Only jobs done exactly once have a latency.
    expect(report.latenciesMs).toEqual([6]);
  });
});
