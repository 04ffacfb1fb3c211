import type Redis from 'ioredis';

import { isOrderflowError } from '@orderflow/errors';
import { createLogger } from '@orderflow/logging';

import { checkRedisDurability, judgeRedisPersistence, type RedisPersistence } from './redis-durability';

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

describe('checkRedisDurability', () => {
  /** A Redis answering CONFIG GET from a table, or refusing it as managed services do. */
  const redisWith = (config: Record<string, string> | Error): Redis =>
    ({
      call: (_command: string, _sub: string, name: string) =>
        config instanceof Error ? Promise.reject(config) : Promise.resolve([name, config[name] ?? '']),
      disconnect: () => undefined,
    }) as unknown as Redis;
  const logged: { level: string; message: string }[] = [];
  const logger = createLogger({
    service: 'test',
    level: 'debug',
    write: (line) => {
      const { level, msg } = JSON.parse(line) as { level: string; msg: string };
      logged.push({ level, message: msg });
    },
  });
  beforeEach(() => logged.splice(0));

  it('refuses to start on an evicting Redis with CONFIG_INVALID naming maxmemory-policy (F4)', async () => {
    const redis = redisWith({ 'maxmemory-policy': 'allkeys-lru', appendonly: 'yes', save: '' });
    const error: unknown = await checkRedisDurability({ redis, logger }).catch((thrown: unknown) => thrown);
    expect(isOrderflowError(error, 'CONFIG_INVALID')).toBe(true);
    expect(error).toMatchObject({ context: { key: 'maxmemory-policy', value: 'allkeys-lru' } });
  });

  it('starts on a managed Redis that forbids CONFIG, saying the check was skipped (F4)', async () => {
    const redis = redisWith(new Error("NOPERM this user has no permissions to run the 'config' command"));
    await expect(checkRedisDurability({ redis, logger })).resolves.toBeUndefined();
    expect(logged).toEqual([{ level: 'warn', message: 'redis.durability-unchecked' }]);
  });

  it('starts on a Redis that keeps nothing on disk, logging redis.not-durable as an error (F4)', async () => {
    const redis = redisWith({ 'maxmemory-policy': 'noeviction', appendonly: 'no', save: '' });
    await expect(checkRedisDurability({ redis, logger })).resolves.toBeUndefined();
    expect(logged).toEqual([{ level: 'error', message: 'redis.not-durable' }]);
  });
});
