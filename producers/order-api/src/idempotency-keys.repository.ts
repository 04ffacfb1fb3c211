import type Redis from 'ioredis';

import { redisKey } from '@orderflow/service-runtime';
import { redisCall } from '@orderflow/redis';

import type { AcceptedOrder, IdempotencyRecord } from './idempotency-decision';
import { claimKeyScript, completeClaimScript, releaseClaimScript } from './idempotency-keys.scripts';

export interface IdempotencyKeysRepositoryOptions {
  redis: Redis;
  /** The runtime's topic prefix: keys live under it, so tests never collide. */
  topicPrefix: string;
}

/** Idempotency-Key records in Redis: `<prefix>order-api:idempotency:<key>` → IdempotencyRecord JSON. */
export class IdempotencyKeysRepository {
  private readonly redis: Redis;
  private readonly topicPrefix: string;

  constructor({ redis, topicPrefix }: IdempotencyKeysRepositoryOptions) {
    this.redis = redis;
    this.topicPrefix = topicPrefix;
  }

  /**
   * Claims `key` for one request: exactly one of any number of concurrent callers gets it, and a claim
   * whose lease ended (released after a failure, or expired) passes to the next caller with the same
   * body. Returns the record stored afterwards: the caller's own claim (same token), or what holds it.
   */
  async claim(
    key: string,
    claim: { bodyHash: string; token: string; occurredAt: number; leaseMs: number; ttlSeconds: number },
  ): Promise<IdempotencyRecord> {
    const stored = await this.call('claim an Idempotency-Key', key, () =>
      claimKeyScript.run(
        this.redis,
        [this.keyOf(key)],
        [claim.token, claim.bodyHash, claim.occurredAt, claim.leaseMs, claim.ttlSeconds],
      ),
    );
    return JSON.parse(String(stored)) as IdempotencyRecord;
  }

  async read(key: string): Promise<IdempotencyRecord | null> {
    const stored = await this.call('read an Idempotency-Key', key, () => this.redis.get(this.keyOf(key)));
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
    const stored = await this.call('complete an Idempotency-Key', key, () =>
      completeClaimScript.run(
        this.redis,
        [this.keyOf(key)],
        [completion.token, JSON.stringify(record), completion.ttlSeconds],
      ),
    );
    return stored === 1;
  }

  /**
   * Ends the caller's lease after a failed request, so a retry with the same key and body proceeds at once
   * (with the same ids and event time); the key stays bound to its body.
   */
  async release(key: string, token: string): Promise<boolean> {
    const released = await this.call('release an Idempotency-Key', key, () =>
      releaseClaimScript.run(this.redis, [this.keyOf(key)], [token]),
    );
    return released === 1;
  }

  private keyOf(key: string): string {
    return redisKey({ topicPrefix: this.topicPrefix }, 'order-api', 'idempotency', key);
  }

  private call<T>(operation: string, key: string, run: () => Promise<T>): Promise<T> {
    return redisCall(operation, { key: this.keyOf(key) }, run);
  }
}
