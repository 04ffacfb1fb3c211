import { parseRetryDelay } from './retry-delay.parser';

describe('parseRetryDelay', () => {
  it.each([
    ['500ms', 500],
    ['1s', 1_000],
    ['10s', 10_000],
    ['5m', 300_000],
    ['2h', 7_200_000],
  ])('parses %s as %i ms and keeps the label', (label, ms) => {
    expect(parseRetryDelay(label)).toEqual({ label, ms });
  });

  it.each(['0s', '01s', '1.5s', '10', 's', '1d', ' 1s', '-1s'])('rejects %j', (label) => {
    expect(parseRetryDelay(label)).toBeUndefined();
  });
});
