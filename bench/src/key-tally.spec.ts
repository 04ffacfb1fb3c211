import { compareTallies, tallyOf } from './key-tally';

describe('key tallies (the correctness gate)', () => {
  it('accepts the same keys in any order', () => {
    expect(compareTallies(tallyOf(['a', 'b', 'c']), tallyOf(['c', 'a', 'b'])).ok).toBe(true);
  });

  it('fails a missing key, a different key and a duplicate', () => {
    const sent = tallyOf(['a', 'b', 'c']);
    expect(compareTallies(sent, tallyOf(['a', 'b'])).ok).toBe(false);
    expect(compareTallies(sent, tallyOf(['a', 'b', 'd'])).ok).toBe(false);
    expect(compareTallies(sent, tallyOf(['a', 'b', 'c', 'c'])).ok).toBe(false);
    expect(tallyOf(['a', 'a']).duplicates).toBe(1);
  });
});
