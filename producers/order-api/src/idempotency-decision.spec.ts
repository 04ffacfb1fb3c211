import { decideOnExistingKey, type AcceptedOrder } from './idempotency-decision';

const order: AcceptedOrder = { orderId: 'o-1', status: 'PENDING', totalCents: 100, currency: 'EUR' };

describe('decideOnExistingKey', () => {
  it('claims again when the key vanished (the first request failed and released it)', () => {
    expect(decideOnExistingKey(null, 'h1')).toEqual({ action: 'claim-again' });
  });

  it('replays the stored answer for the same body', () => {
    expect(decideOnExistingKey({ state: 'completed', bodyHash: 'h1', order }, 'h1')).toEqual({
      action: 'replay',
      order,
    });
  });

  it('waits while the first request with the same body is still publishing', () => {
    expect(decideOnExistingKey({ state: 'claimed', bodyHash: 'h1', token: 't' }, 'h1')).toEqual({
      action: 'wait',
    });
  });

  it('refuses a different body whether the first request finished or not', () => {
    expect(decideOnExistingKey({ state: 'completed', bodyHash: 'h1', order }, 'h2')).toEqual({
      action: 'conflict',
    });
    expect(decideOnExistingKey({ state: 'claimed', bodyHash: 'h1', token: 't' }, 'h2')).toEqual({
      action: 'conflict',
    });
  });
});
