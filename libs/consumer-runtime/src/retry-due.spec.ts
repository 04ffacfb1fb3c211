import { retryWaitMs } from './retry-due';

const now = 1_700_000_000_000;

describe('retryWaitMs: the orderflow-due-at header is input, not trusted (F13e)', () => {
  it('waits until the record is due', () => {
    expect(retryWaitMs(String(now + 700), now, 1_000)).toBe(700);
  });

  it('a due-at far in the future is clamped to the tier’s delay, well below setTimeout’s 2^31−1 ms', () => {
    const wait = retryWaitMs(String(now + 2 ** 40), now, 10_000);
    expect(wait).toBe(10_000);
    expect(wait).toBeLessThan(2 ** 31 - 1);
  });

  it.each([
    ['absent', undefined],
    ['not a number', 'soon'],
    ['infinite', 'Infinity'],
    ['in the past', String(now - 5_000)],
  ])('a due-at that is %s means due now', (_case, header) => {
    expect(retryWaitMs(header, now, 10_000)).toBe(0);
  });
});
