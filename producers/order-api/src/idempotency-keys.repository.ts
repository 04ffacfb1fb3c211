import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';

import { REDIS_CLIENT, RUNTIME_CONFIG, redisKey, type RuntimeConfig } from '@orderflow/consumer-runtime';

import type { AcceptedOrder, IdempotencyRecord } from './idempotency-decision';
import { claimKeyScript, completeClaimScript, releaseClaimScript } from './idempotency-keys.scripts';
import { redisUnavailable } from './redis-unavailable';

/** Idempotency-Key records in Redis: `<prefix>order-api:idempotency:<key>` → IdempotencyRecord JSON. */
@Injectable()
export class IdempotencyKeysRepository {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(RUNTIME_CONFIG) private readonly runtime: Pick<RuntimeConfig, 'topicPrefix'>,
  ) {}

  /**
   * Claims `key` for one request: exactly one of any number of concurrent callers gets it, and a claim
   * whose lease ended (released after a failure, or expired) passes to the next caller with the same
   * body. Returns the record stored afterwards: the caller's own claim (same token), or what holds it.
   */
  async claim(
    key: string,
    claim: { bodyHash: string; token: string; occurredAt: number; leaseMs: number; ttlSeconds: number },
  ): Promise<IdempotencyRecord> {
    const stored = await claimKeyScript
      .run(
        this.redis,
        [this.keyOf(key)],
        [claim.token, claim.bodyHash, claim.occurredAt, claim.leaseMs, claim.ttlSeconds],
      )
      .catch((error: unknown) => Promise.reject(redisUnavailable(error)));
    return JSON.parse(String(stored)) as IdempotencyRecord;
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

  /**
   * Ends the caller's lease after a failed request, so a retry with the same key and body proceeds at once
   * (with the same ids and event time); the key stays bound to its body.
   */
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
