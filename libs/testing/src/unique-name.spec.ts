import { mintedAt, uniqueName } from './unique-name';

describe('mintedAt', () => {
  const at = new Date('2026-12-02T06:00:00.000Z');
  const stamped = (label: string) => {
    const spy = jest.spyOn(Date, 'now').mockReturnValue(at.getTime());
    try {
      return uniqueName(label);
    } finally {
      spy.mockRestore();
    }
  };

  it('reads the time back from a name, from its database form and from a name built on it', () => {
    const name = stamped('order-pipeline');
    const database = name.replace(/[^a-z0-9_]/gi, '_').toLowerCase();
    expect(mintedAt(name)).toEqual(at);
    expect(mintedAt(database)).toEqual(at);
    expect(mintedAt(`${name}.payments-outbox`)).toEqual(at);
    expect(mintedAt(`${database}_wal`)).toEqual(at);
  });

  it('knows nothing of names it did not mint', () => {
    expect(mintedAt('orderflow')).toBeUndefined();
    expect(mintedAt('payments-outbox')).toBeUndefined();
    expect(mintedAt('t-label-without-stamp')).toBeUndefined();
  });
});
