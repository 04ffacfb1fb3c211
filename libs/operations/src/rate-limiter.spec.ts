import { createRateLimiter, delayBeforeNext, parseRate } from './rate-limiter';

describe('rate limiter', () => {
  it('parses per-second and per-minute rates', () => {
    expect(parseRate('50/s')).toBe(50);
    expect(parseRate('600/m')).toBe(10);
    expect(parseRate('5')).toBe(5);
    expect(() => parseRate('0/s')).toThrow(/--rate/);
    expect(() => parseRate('fast')).toThrow(/--rate/);
  });

  it('paces from the start so the average rate holds', () => {
    expect(delayBeforeNext({ perSecond: 10, startedAt: 1_000, sent: 0, now: 1_000 })).toBe(0);
    expect(delayBeforeNext({ perSecond: 10, startedAt: 1_000, sent: 5, now: 1_200 })).toBe(300);
    expect(delayBeforeNext({ perSecond: 10, startedAt: 1_000, sent: 5, now: 1_900 })).toBe(0);
  });

  it('waits only when sends run ahead of the rate', async () => {
    let clock = 0;
    const waits: number[] = [];
    const limiter = createRateLimiter({
      perSecond: 4,
      now: () => clock,
      wait: (ms) => {
        waits.push(ms);
        clock += ms;
        return Promise.resolve();
      },
    });
    for (let i = 0; i < 4; i += 1) await limiter.acquire();
    expect(waits).toEqual([250, 250, 250]);
    expect(clock).toBe(750);
  });
});
