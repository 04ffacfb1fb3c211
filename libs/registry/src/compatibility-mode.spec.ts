import { isOrderflowError } from '@orderflow/errors';

import { compatibilityRules, modeOf, parseCompatibilityMode } from './compatibility-mode';

describe('compatibilityRules', () => {
  it.each([
    ['NONE', { backward: false, forward: false, transitive: false }],
    ['BACKWARD', { backward: true, forward: false, transitive: false }],
    ['BACKWARD_TRANSITIVE', { backward: true, forward: false, transitive: true }],
    ['FORWARD', { backward: false, forward: true, transitive: false }],
    ['FORWARD_TRANSITIVE', { backward: false, forward: true, transitive: true }],
    ['FULL', { backward: true, forward: true, transitive: false }],
    ['FULL_TRANSITIVE', { backward: true, forward: true, transitive: true }],
  ] as const)('%s checks %o', (mode, rules) => {
    expect(compatibilityRules(mode)).toEqual(rules);
  });
});

describe('modeOf', () => {
  it('uses the topic override, else BACKWARD_TRANSITIVE (not the registry global, which is NONE on Apicurio)', () => {
    expect(modeOf({ 'a.topic': 'FULL' }, 'a.topic')).toBe('FULL');
    expect(modeOf({ 'a.topic': 'FULL' }, 'b.topic')).toBe('BACKWARD_TRANSITIVE');
    expect(modeOf(undefined, 'b.topic')).toBe('BACKWARD_TRANSITIVE');
  });
});

describe('parseCompatibilityMode', () => {
  it('accepts any case and rejects unknown modes naming the origin', () => {
    expect(parseCompatibilityMode(' full_transitive ', '--compatibility')).toBe('FULL_TRANSITIVE');
    let error: unknown;
    try {
      parseCompatibilityMode('SIDEWAYS', '--compatibility');
    } catch (caught) {
      error = caught;
    }
    expect(isOrderflowError(error, 'CONFIG_INVALID')).toBe(true);
    expect((error as Error).message).toContain('--compatibility: unknown compatibility mode "SIDEWAYS"');
  });
});
