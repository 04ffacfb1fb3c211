import { checkRelay } from './relay-check';

const committed = (orderId: string, committedAtMs: number) => ({ orderId, committedAtMs });
const read = (orderId: string, eventId: string, receivedAtMs: number) => ({ orderId, eventId, receivedAtMs });

describe('checkRelay', () => {
  it('times each ledger row from its commit to the first read of its event', () => {
    const check = checkRelay(
      [committed('a', 1_000), committed('b', 1_010)],
      [read('b', 'e-b', 1_250), read('a', 'e-a', 1_120)],
    );
    expect(check.gate.ok).toBe(true);
    expect(check.latenciesMs).toEqual([120, 240]);
    expect([check.firstCommitMs, check.lastCommitMs, check.lastRelayedMs]).toEqual([1_000, 1_010, 1_250]);
    expect(check.resent).toBe(0);
  });

  it('counts a resend of the same event id without failing, and times the first read', () => {
    const check = checkRelay(
      [committed('a', 1_000)],
      [read('a', 'e-a', 1_500), read('a', 'e-a', 1_100), read('a', 'e-a', 1_900)],
    );
    expect(check.gate).toEqual({
      ok: true,
      detail: '1 ledger rows = 1 relayed event ids, one each; 2 records resent',
    });
    expect(check.resent).toBe(2);
    expect(check.latenciesMs).toEqual([100]);
  });

  it('fails for a row never relayed, a row under two event ids and an event without a ledger row', () => {
    const check = checkRelay(
      [committed('a', 0), committed('b', 0), committed('c', 0)],
      [read('a', 'e-a', 5), read('b', 'e-b1', 6), read('b', 'e-b2', 7), read('x', 'e-x', 8)],
    );
    expect(check.gate).toEqual({
      ok: false,
      detail:
        '1 of 3 ledger rows never relayed; 1 ledger rows relayed under more than one event id; 1 orders relayed without a ledger row',
    });
    expect(check.latenciesMs).toEqual([5]);
  });

  it('reports no times for an empty ledger', () => {
    const check = checkRelay([], []);
    expect(check.gate.ok).toBe(true);
    expect([check.firstCommitMs, check.lastCommitMs, check.lastRelayedMs]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });
});
