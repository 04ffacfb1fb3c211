import { OrderflowError } from '@orderflow/errors';

import { redisCall } from './redis-call';

describe('redisCall', () => {
  it('returns what the Redis work returns', async () => {
    await expect(redisCall('read stock', {}, () => Promise.resolve(7))).resolves.toBe(7);
  });

  it('turns Redis trouble into a retriable DEPENDENCY_UNAVAILABLE naming the operation', async () => {
    const cause = new Error('Connection is closed.');
    const error = await redisCall('read stock', { key: 'stock' }, () => Promise.reject(cause)).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(OrderflowError);
    expect(error).toMatchObject({
      code: 'DEPENDENCY_UNAVAILABLE',
      retriable: true,
      context: { key: 'stock' },
      cause,
      message: 'Could not read stock in Redis; check that the Redis named by REDIS_URL is up.',
    });
  });

  it('lets an OrderflowError through as it is', async () => {
    const invalid = new OrderflowError('STATE_INVALID', 'bad record');
    await expect(redisCall('read stock', {}, () => Promise.reject(invalid))).rejects.toBe(invalid);
  });
});
