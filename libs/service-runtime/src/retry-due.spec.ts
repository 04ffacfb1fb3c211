import { retryWaitMs } from './retry-due';

const now = 1_700_000_000_000;
const due = (dueAtHeader: string | undefined, writtenAt = now, tierDelayMs = 10_000) =>
  retryWaitMs({ dueAtHeader, writtenAt, tierDelayMs, now });

describe('retryWaitMs: the orderflow-due-at header is input, not trusted (F13e)', () => {
  it('waits until the record is due', () => {
    expect(due(String(now + 700))).toBe(700);
  });

  it('a due-at far in the future is bounded by the tier’s delay after the record was written', () => {
    expect(due(String(now + 2 ** 40))).toBe(10_000);
    // Read again later (after a pause), the bound does not move: the record becomes due.
    expect(
      retryWaitMs({
        dueAtHeader: String(now + 2 ** 40),
        writtenAt: now,
        tierDelayMs: 10_000,
        now: now + 10_000,
      }),
    ).toBe(0);
    expect(due(String(now + 2 ** 40))).toBeLessThan(2 ** 31 - 1);
  });

  it.each([
    ['absent', undefined],
    ['not a number', 'soon'],
    ['infinite', 'Infinity'],
    ['in the past', String(now - 5_000)],
  ])('a due-at that is %s means due now', (_case, header) => {
    expect(due(header)).toBe(0);
  });

  it('an unreadable record timestamp means due now, never a wait that repeats', () => {
    expect(due(String(now + 5_000), Number.NaN)).toBe(0);
  });
});
