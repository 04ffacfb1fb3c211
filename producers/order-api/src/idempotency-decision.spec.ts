import { decideOnExistingKey, type AcceptedOrder, type IdempotencyRecord } from './idempotency-decision';

const order: AcceptedOrder = { orderId: 'o-1', status: 'PENDING', totalCents: 100, currency: 'EUR' };
const claimed: IdempotencyRecord = {
  state: 'claimed',
  bodyHash: 'h1',
  token: 't',
  occurredAt: 1,
  leaseUntil: Date.now() + 60_000,
};

describe('decideOnExistingKey', () => {
  it('replays the stored answer for the same body', () => {
    expect(decideOnExistingKey({ state: 'completed', bodyHash: 'h1', order }, 'h1')).toEqual({
      action: 'replay',
      order,
    });
  });

  it('waits while the first request with the same body is still publishing', () => {
    expect(decideOnExistingKey(claimed, 'h1')).toEqual({ action: 'wait' });
  });

  it('refuses a different body whether the first request finished, failed or not', () => {
    expect(decideOnExistingKey({ state: 'completed', bodyHash: 'h1', order }, 'h2')).toEqual({
      action: 'conflict',
    });
    expect(decideOnExistingKey(claimed, 'h2')).toEqual({ action: 'conflict' });
    expect(decideOnExistingKey({ ...claimed, leaseUntil: 0 }, 'h2')).toEqual({ action: 'conflict' });
  });
});
