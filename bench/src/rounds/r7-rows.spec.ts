import { R7_RATE, r7Results, r7Rows } from './r7-rows';

const measurement = { elapsedMs: 1_000, self: { cpuUserMs: 0, cpuSystemMs: 0, peakRssMb: 0 } };
const commit = (orderId: string, startedAtMs: number, committedAtMs: number) => ({
  orderId,
  startedAtMs,
  committedAtMs,
});
const read = (orderId: string, receivedAtMs: number, eventId = `e-${orderId}`) => ({
  orderId,
  eventId,
  receivedAtMs,
});

/** Two backlog orders (b1, b2) and two paced ones (p1, p2), each relayed once unless a test says so. */
const observe = (overrides: { achievedPerSecond?: number; extraRecords?: ReturnType<typeof read>[] } = {}) =>
  r7Results({
    backlog: 2,
    commits: [
      commit('b1', 0, 10),
      commit('b2', 5, 510),
      commit('p1', 1_000, 1_004),
      commit('p2', 1_020, 1_030),
    ],
    records: [
      read('b1', 300),
      read('b2', 1_010),
      read('p1', 1_104),
      read('p2', 1_330),
      ...(overrides.extraRecords ?? []),
    ],
    paced: {
      sentAtMs: new Map([
        ['p1', 990],
        ['p2', 1_010],
      ]),
      achievedPerSecond: overrides.achievedPerSecond ?? R7_RATE,
    },
    backlogMeasurement: measurement,
    pacedMeasurement: measurement,
  });

const figureOf = (rows: ReturnType<typeof observe>, row: string) =>
  rows.find((entry) => entry.row === row)?.figure;

describe('r7Results', () => {
  it('times the backlog from its first commit, and the paced orders from their own commits', () => {
    const rows = observe();
    // 2 commits over 10 → 510 ms; relayed by 1010 ms.
    expect(figureOf(rows, r7Rows.ledger(2))).toBeCloseTo(4);
    expect(figureOf(rows, r7Rows.relayed(2))).toBeCloseTo(2);
    expect(figureOf(rows, r7Rows.latency('p50'))).toBe(100);
    expect(figureOf(rows, r7Rows.latency('max'))).toBe(300);
    expect(figureOf(rows, r7Rows.sentToCommit('p99'))).toBe(20);
    expect(figureOf(rows, r7Rows.startToCommit)).toBe(4);
    expect(figureOf(rows, r7Rows.resent)).toBe(0);
  });

  it('reports a resend without failing, and a paced phase sent too slowly without latencies', () => {
    const resent = observe({ extraRecords: [read('p1', 2_000)] });
    expect(figureOf(resent, r7Rows.resent)).toBe(1);
    expect(figureOf(resent, r7Rows.latency('max'))).toBe(300);

    const slow = observe({ achievedPerSecond: R7_RATE * 0.9 });
    expect(figureOf(slow, r7Rows.latency('p50'))).toBeUndefined();
    expect(slow.find((row) => row.row === r7Rows.latency('p50'))?.gate.detail).toMatch(/sent of the/);
    expect(figureOf(slow, r7Rows.ledger(2))).toBeCloseTo(4);
  });

  it('fails every gate a ledger row under two event ids touches', () => {
    const rows = observe({ extraRecords: [read('p2', 1_400, 'another-id')] });
    expect(figureOf(rows, r7Rows.latency('p50'))).toBeUndefined();
    expect(figureOf(rows, r7Rows.resent)).toBeUndefined();
    expect(figureOf(rows, r7Rows.ledger(2))).toBeCloseTo(4);
  });
});
