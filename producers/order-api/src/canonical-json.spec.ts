import { bodyHash } from './canonical-json';

describe('bodyHash', () => {
  it('ignores the order of object keys at every level', () => {
    expect(bodyHash({ a: 1, b: { c: [1, { d: 2, e: 3 }] } })).toBe(
      bodyHash({ b: { c: [1, { e: 3, d: 2 }] }, a: 1 }),
    );
  });

  it('tells different bodies apart, array order included', () => {
    expect(bodyHash({ items: [1, 2] })).not.toBe(bodyHash({ items: [2, 1] }));
    expect(bodyHash({ quantity: 1 })).not.toBe(bodyHash({ quantity: '1' }));
  });

  it('is a SHA-256 hex digest', () => {
    expect(bodyHash({})).toMatch(/^[0-9a-f]{64}$/);
  });
});
