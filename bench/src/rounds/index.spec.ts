import { ROUND_IDS } from '../options';
import { ROUNDS } from './index';

describe('ROUNDS', () => {
  it('runs every round a full run expects, R0 to R7, in that order', () => {
    expect(ROUNDS.map((round) => round.id)).toEqual([...ROUND_IDS]);
    expect(ROUND_IDS.at(-1)).toBe('R7');
  });
});
