import { deriveEventId } from './event-id';

describe('deriveEventId', () => {
  it('is a pure function of the input event, the group and the position', () => {
    expect(deriveEventId('evt-1', 'inventory', 0)).toBe(deriveEventId('evt-1', 'inventory', 0));
    expect(
      new Set([
        deriveEventId('evt-1', 'inventory', 0),
        deriveEventId('evt-1', 'inventory', 1),
        deriveEventId('evt-1', 'payment', 0),
        deriveEventId('evt-2', 'inventory', 0),
      ]).size,
    ).toBe(4);
  });

  it('is shaped like a version-5 UUID', () => {
    expect(deriveEventId('evt-1', 'inventory', 0)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});
