import { OrderflowError } from '@orderflow/errors';

import { isConnectionFailure, postgresCall } from './postgres-call';

const failing = (error: Error) =>
  postgresCall('record the payment', { orderId: 'o-1' }, () => Promise.reject(error));

describe('isConnectionFailure', () => {
  it('takes connection SQLSTATEs and socket errors as transient, a constraint violation not', () => {
    expect(isConnectionFailure(Object.assign(new Error('terminating connection'), { code: '57P01' }))).toBe(
      true,
    );
    expect(
      isConnectionFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
    ).toBe(true);
    expect(isConnectionFailure(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
  });

  // R7 (bench): a backlog of 1000 inventory.reserved, 64 keys in flight per partition on a pool of 10,
  // waited over 5 s for a client; pg-pool's timeout has no code and 144 payments went to the DLQ.
  it("takes pg-pool's wait for a free client as transient", () => {
    expect(isConnectionFailure(new Error('timeout exceeded when trying to connect'))).toBe(true);
  });
});

describe('postgresCall', () => {
  it('makes a pool that gave no client in time a retriable DATABASE_UNAVAILABLE', async () => {
    const error = await failing(new Error('timeout exceeded when trying to connect')).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(OrderflowError);
    expect(error).toMatchObject({ code: 'DATABASE_UNAVAILABLE', retriable: true });
  });

  it('makes a refused statement a non-retriable DEPENDENCY_UNAVAILABLE with its SQLSTATE', async () => {
    const error = await failing(Object.assign(new Error('duplicate key'), { code: '23505' })).catch(
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({
      code: 'DEPENDENCY_UNAVAILABLE',
      retriable: false,
      context: { orderId: 'o-1', sqlState: '23505' },
    });
  });
});
