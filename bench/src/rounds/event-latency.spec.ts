import { percentile } from '../stats';
import { pairLatencies } from './event-latency';

describe('percentile', () => {
  it('takes the nearest rank of the sorted values', () => {
    const values = [50, 10, 40, 20, 30];
    expect(percentile(values, 50)).toBe(30);
    expect(percentile(values, 99)).toBe(50);
    expect(percentile(values, 0)).toBe(10);
    expect(percentile(values, 100)).toBe(50);
  });

  it('handles a single value and none', () => {
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeUndefined();
  });

  it('gives p99 = the 99th of 100 values', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 50)).toBe(50);
  });
});

describe('pairLatencies', () => {
  it('subtracts the created timestamp from the notification of the same key', () => {
    const pairing = pairLatencies(
      [
        { key: 'a', timestampMs: 1_000 },
        { key: 'b', timestampMs: 1_005 },
      ],
      [
        { key: 'b', timestampMs: 1_030 },
        { key: 'a', timestampMs: 1_012 },
      ],
    );
    expect(pairing).toEqual({ latenciesMs: [12, 25], missing: [], duplicated: [] });
  });

  it('reports orders without a notification and with two, and leaves them out of the latencies', () => {
    const pairing = pairLatencies(
      [
        { key: 'a', timestampMs: 0 },
        { key: 'b', timestampMs: 0 },
        { key: 'c', timestampMs: 0 },
      ],
      [
        { key: 'a', timestampMs: 5 },
        { key: 'b', timestampMs: 6 },
        { key: 'b', timestampMs: 9 },
        { key: 'other-phase', timestampMs: 1 },
      ],
    );
    expect(pairing).toEqual({ latenciesMs: [5], missing: ['c'], duplicated: ['b'] });
  });

  it('treats an order created twice as duplicated', () => {
    const pairing = pairLatencies(
      [
        { key: 'a', timestampMs: 0 },
        { key: 'a', timestampMs: 3 },
      ],
      [{ key: 'a', timestampMs: 10 }],
    );
    expect(pairing).toEqual({ latenciesMs: [], missing: [], duplicated: ['a'] });
  });
});
