import { judgeRedisPersistence, type RedisPersistence } from './redis-durability';

const aof: RedisPersistence = {
  maxmemoryPolicy: 'noeviction',
  appendonly: 'yes',
  appendfsync: 'everysec',
  save: '',
};

describe('judgeRedisPersistence', () => {
  it('accepts a Redis that keeps every key and writes an append-only file', () => {
    expect(judgeRedisPersistence(aof)).toEqual({ kind: 'ok' });
  });

  it('accepts RDB save points alone (a loss window, but not everything)', () => {
    expect(judgeRedisPersistence({ ...aof, appendonly: 'no', save: '3600 1 300 100' })).toEqual({
      kind: 'ok',
    });
  });

  it.each(['allkeys-lru', 'volatile-lru', 'allkeys-random', 'volatile-ttl'])(
    'refuses maxmemory-policy %s, naming the setting and the fix (F4)',
    (policy) => {
      const verdict = judgeRedisPersistence({ ...aof, maxmemoryPolicy: policy });
      expect(verdict.kind).toBe('refuse');
      expect(verdict.kind === 'refuse' && verdict.message).toMatch(
        new RegExp(`maxmemory-policy ${policy}.*maxmemory-policy noeviction`),
      );
    },
  );

  it('warns about a Redis that keeps nothing on disk (F4)', () => {
    const verdict = judgeRedisPersistence({ ...aof, appendonly: 'no', save: '' });
    expect(verdict.kind).toBe('warn');
    expect(verdict.kind === 'warn' && verdict.message).toContain('--appendonly yes --appendfsync everysec');
  });
});
