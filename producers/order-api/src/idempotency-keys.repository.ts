import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';

import { REDIS_CLIENT, RUNTIME_CONFIG, redisKey, type RuntimeConfig } from '@orderflow/consumer-runtime';

import type { AcceptedOrder, IdempotencyRecord } from './idempotency-decision';
import { completeClaimScript, releaseClaimScript } from './idempotency-keys.scripts';
import { redisUnavailable } from './redis-unavailable';

/** Idempotency-Key records in Redis: `<prefix>order-api:idempotency:<key>` → IdempotencyRecord JSON. */
@Injectable()
export class IdempotencyKeysRepository {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(RUNTIME_CONFIG) private readonly runtime: Pick<RuntimeConfig, 'topicPrefix'>,
  ) {}

  /** Claims `key` for one request (SET NX): true for exactly one of any number of concurrent callers. */
  async claim(key: string, claim: { bodyHash: string; token: string; leaseMs: number }): Promise<boolean> {
    const record: IdempotencyRecord = { state: 'claimed', bodyHash: claim.bodyHash, token: claim.token };
    const reply = await this.redis
      .set(this.keyOf(key), JSON.stringify(record), 'PX', claim.leaseMs, 'NX')
      .catch((error: unknown) => Promise.reject(redisUnavailable(error)));
    return reply === 'OK';
  }

  async read(key: string): Promise<IdempotencyRecord | null> {
    const stored = await this.redis
      .get(this.keyOf(key))
      .catch((error: unknown) => Promise.reject(redisUnavailable(error)));
    return stored === null ? null : (JSON.parse(stored) as IdempotencyRecord);
  }

  /** Replaces the caller's claim with its answer, kept `ttlSeconds`. False if the claim was lost meanwhile. */
  async complete(
    key: string,
    completion: { token: string; bodyHash: string; order: AcceptedOrder; ttlSeconds: number },
  ): Promise<boolean> {
    const record: IdempotencyRecord = {
      state: 'completed',
      bodyHash: completion.bodyHash,
      order: completion.order,
    };
    const stored = await completeClaimScript
      .run(this.redis, [this.keyOf(key)], [completion.token, JSON.stringify(record), completion.ttlSeconds])
      .catch((error: unknown) => Promise.reject(redisUnavailable(error)));
    return stored === 1;
  }

  /** Gives the key up after a failed request, so a retry with the same key can proceed. */
  async release(key: string, token: string): Promise<boolean> {
    const released = await releaseClaimScript
      .run(this.redis, [this.keyOf(key)], [token])
      .catch((error: unknown) => Promise.reject(redisUnavailable(error)));
    return released === 1;
  }

  private keyOf(key: string): string {
    return redisKey(this.runtime, 'order-api', 'idempotency', key);
  }
}
