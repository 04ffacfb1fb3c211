import { createHash } from 'node:crypto';

import type { Redis } from 'ioredis';

import { redisScript } from './redis-script';

const SOURCE = "return redis.call('GET', KEYS[1])";

const fakeRedis = (evalsha: () => Promise<unknown>) => {
  const calls = { evalsha: jest.fn(evalsha), eval: jest.fn(() => Promise.resolve('from eval')) };
  return { redis: calls as unknown as Redis, calls };
};

describe('redisScript', () => {
  const script = redisScript(SOURCE);

  it('runs by SHA-1 when Redis has the script cached', async () => {
    const { redis, calls } = fakeRedis(() => Promise.resolve('from evalsha'));
    await expect(script.run(redis, ['k'], ['a', 1])).resolves.toBe('from evalsha');
    expect(calls.evalsha).toHaveBeenCalledWith(
      createHash('sha1').update(SOURCE).digest('hex'),
      1,
      'k',
      'a',
      1,
    );
    expect(calls.eval).not.toHaveBeenCalled();
  });

  it('sends the source with EVAL on NOSCRIPT', async () => {
    const { redis, calls } = fakeRedis(() =>
      Promise.reject(new Error('NOSCRIPT No matching script. Please use EVAL.')),
    );
    await expect(script.run(redis, ['k'], ['a'])).resolves.toBe('from eval');
    expect(calls.eval).toHaveBeenCalledWith(SOURCE, 1, 'k', 'a');
  });

  it('passes any other failure through without retrying', async () => {
    const { redis, calls } = fakeRedis(() => Promise.reject(new Error('Connection is closed.')));
    await expect(script.run(redis, ['k'], [])).rejects.toThrow('Connection is closed.');
    expect(calls.eval).not.toHaveBeenCalled();
  });
});
