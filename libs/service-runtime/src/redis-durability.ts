import type Redis from 'ioredis';

import { OrderflowError } from '@orderflow/errors';
import type { Logger } from '@orderflow/logging';

/** What Redis says about how it keeps data: `CONFIG GET` values, as strings. */
export interface RedisPersistence {
  maxmemoryPolicy: string;
  appendonly: string;
  appendfsync: string;
  /** RDB save points, e.g. `3600 1 300 100`; '' for none. */
  save: string;
}

export type DurabilityVerdict =
  | { kind: 'ok' }
  /** Keys may be evicted: done markers and stock would vanish silently, so the service must not start. */
  | { kind: 'refuse'; message: string }
  /** Nothing reaches the disk: a restart of Redis loses every effect; allowed, said loudly. */
  | { kind: 'warn'; message: string };

/** The verdict on a Redis's settings; pure, so each rule is unit-tested. */
export const judgeRedisPersistence = (persistence: RedisPersistence): DurabilityVerdict => {
  if (persistence.maxmemoryPolicy !== 'noeviction') {
    return {
      kind: 'refuse',
      message:
        `Redis evicts keys (maxmemory-policy ${persistence.maxmemoryPolicy}): idempotency markers, stock and ` +
        'stored offsets would vanish without an error and effects would repeat. Set maxmemory-policy ' +
        'noeviction (CONFIG SET maxmemory-policy noeviction, and in redis.conf), or point REDIS_URL at a ' +
        'Redis that keeps every key.',
    };
  }
  if (persistence.appendonly !== 'yes' && persistence.save.trim() === '') {
    return {
      kind: 'warn',
      message:
        'Redis keeps nothing on disk (appendonly no and no save points): a restart of Redis loses every ' +
        'effect behind offsets already committed, and the consumers can only warn. Run it with ' +
        '--appendonly yes --appendfsync everysec.',
    };
  }
  return { kind: 'ok' };
};

const configValue = async (redis: Redis, name: string): Promise<string> => {
  const reply = (await redis.call('CONFIG', 'GET', name)) as string[];
  return reply[1] ?? '';
};

const readPersistence = async (redis: Redis): Promise<RedisPersistence> => {
  const [maxmemoryPolicy = '', appendonly = '', appendfsync = '', save = ''] = await Promise.all(
    ['maxmemory-policy', 'appendonly', 'appendfsync', 'save'].map((name) => configValue(redis, name)),
  );
  return { maxmemoryPolicy, appendonly, appendfsync, save };
};

/** A Redis that does not answer at all must not hold the boot up: the consumers handle it later. */
const CHECK_TIMEOUT_MS = 3_000;

/**
 * Checks at start-up that Redis keeps what the runtime assumes it keeps: every key (no eviction) and,
 * ideally, its writes on disk. Refuses to start on eviction (and disconnects the client). Managed Redis often forbids CONFIG, and a
 * Redis still coming up cannot answer: both are logged and the service starts, unchecked.
 */
export const checkRedisDurability = async ({ redis, logger }: { redis: Redis; logger: Logger }) => {
  let persistence: RedisPersistence;
  let timer: NodeJS.Timeout | undefined;
  try {
    persistence = await Promise.race([
      readPersistence(redis),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
          CHECK_TIMEOUT_MS,
        );
      }),
    ]);
  } catch (error) {
    logger.warn('redis.durability-unchecked', {
      reason: 'CONFIG GET failed (forbidden on managed Redis, or Redis is not up yet)',
      check: 'maxmemory-policy must be noeviction; appendonly yes with appendfsync everysec',
      error,
    });
    return;
  } finally {
    clearTimeout(timer);
  }
  const verdict = judgeRedisPersistence(persistence);
  if (verdict.kind === 'refuse') {
    // The service will not start: its client must not keep the process alive.
    redis.disconnect();
    throw new OrderflowError('CONFIG_INVALID', verdict.message, {
      context: { key: 'maxmemory-policy', value: persistence.maxmemoryPolicy },
    });
  }
  if (verdict.kind === 'warn')
    logger.error('redis.not-durable', { ...persistence, message: verdict.message });
  else logger.debug('redis.durability-checked', { ...persistence });
};
