import type { Redis } from 'ioredis';
import { z } from 'zod';

import { redisKey } from '@orderflow/service-runtime';
import { redisCall } from '@orderflow/redis';
import { OrderflowError } from '@orderflow/errors';

import type { StockLevels } from './stock-levels';
import { releaseScript, reserveScript } from './stock.scripts';
import type { ReleaseResult, ReservationRecord, StockLine } from './stock.types';

export interface StockRepositoryOptions {
  redis: Redis;
  /** The runtime's topic prefix: keys live under it, so tests and experiments never collide. */
  topicPrefix: string;
  /** Lifetime of a per-order reservation record; 35 days unless given. */
  reservationTtlSeconds?: number;
}

const lineSchema = z.object({ sku: z.string(), quantity: z.number().int() });
const at = z.number().int().optional();
const recordSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('reserved'), lines: z.array(lineSchema), at }),
  z.object({
    state: z.literal('rejected'),
    missing: z.array(z.object({ sku: z.string(), requested: z.number().int(), available: z.number().int() })),
    at,
  }),
  z.object({
    state: z.literal('released'),
    // Absent on a record released before its reservation was read (see releaseScript).
    lines: z.array(lineSchema).default([]),
    releasedBy: z.string(),
    releasedAt: at,
    at,
  }),
]);
const releaseReplySchema = z.tuple([z.enum(['released', 'unchanged', 'ahead']), z.string()]);

/**
 * Stock and reservations in Redis: available units per sku in one hash, one reservation record per order.
 * Used by the inventory service (reserve/release) and by `orderflow stock` (seed/show/set).
 */
export class StockRepository {
  private readonly redis: Redis;
  private readonly stockKey: string;
  private readonly topicPrefix: string;
  private readonly reservationTtlSeconds: number;

  constructor({ redis, topicPrefix, reservationTtlSeconds = 35 * 24 * 60 * 60 }: StockRepositoryOptions) {
    this.redis = redis;
    this.topicPrefix = topicPrefix;
    this.stockKey = redisKey({ topicPrefix }, 'inventory', 'stock');
    this.reservationTtlSeconds = reservationTtlSeconds;
  }

  /** The Redis key of an order's reservation record. */
  reservationKey(orderId: string): string {
    return redisKey({ topicPrefix: this.topicPrefix }, 'inventory', 'reservation', orderId);
  }

  /**
   * Reserves every line or none, once per order: the first call decides (reserved or rejected) and later
   * calls return that record without touching stock.
   */
  reserve(orderId: string, lines: StockLine[]): Promise<ReservationRecord> {
    return this.call('reserve stock', { orderId }, async () => {
      const args = lines.flatMap((line) => [line.sku, line.quantity]);
      const reply = await reserveScript.run(
        this.redis,
        [this.stockKey, this.reservationKey(orderId)],
        [this.reservationTtlSeconds, ...args],
      );
      return parseRecord(reply);
    });
  }

  /**
   * Gives an order's reserved stock back, at most once; `releaseId` is remembered on the record, also when
   * there is no reservation yet (then the reservation takes nothing when it comes).
   */
  release(orderId: string, releaseId: string): Promise<ReleaseResult> {
    return this.call('release stock', { orderId }, async () => {
      const [change, record] = releaseReplySchema.parse(
        await releaseScript.run(
          this.redis,
          [this.stockKey, this.reservationKey(orderId)],
          [releaseId, this.reservationTtlSeconds],
        ),
      );
      return { change, record: parseRecord(record) };
    });
  }

  readReservation(orderId: string): Promise<ReservationRecord | undefined> {
    return this.call('read a reservation', { orderId }, async () => {
      const stored = await this.redis.get(this.reservationKey(orderId));
      return stored === null ? undefined : parseRecord(stored);
    });
  }

  /** Sets (not adds) the available units of the given skus; other skus keep theirs. */
  setStock(levels: StockLevels): Promise<void> {
    return this.call('set stock', { skus: Object.keys(levels) }, async () => {
      if (Object.keys(levels).length > 0) await this.redis.hset(this.stockKey, levels);
    });
  }

  /**
   * Sets the skus that have no stock entry yet and leaves the others alone; returns the skus it set.
   * Safe while inventory runs: a sku without an entry has no reservation that could be changing it
   * (reserving an unknown sku is rejected without writing), and HSETNX never overwrites a concurrent write.
   */
  addMissingStock(levels: StockLevels): Promise<string[]> {
    return this.call('add missing stock', { skus: Object.keys(levels) }, async () => {
      const skus = Object.keys(levels);
      const added = await Promise.all(
        skus.map((sku) => this.redis.hsetnx(this.stockKey, sku, levels[sku] ?? 0)),
      );
      return skus.filter((_, index) => added[index] === 1);
    });
  }

  /** Available units of the given skus (0 for unknown ones), or of every sku in stock when none given. */
  readStock(skus: string[] = []): Promise<StockLevels> {
    return this.call('read stock', { skus }, async () => {
      if (skus.length === 0) return toLevels(Object.entries(await this.redis.hgetall(this.stockKey)));
      const values = await this.redis.hmget(this.stockKey, ...skus);
      return toLevels(skus.map((sku, index) => [sku, values[index] ?? '0']));
    });
  }

  private call<T>(operation: string, context: Record<string, unknown>, run: () => Promise<T>): Promise<T> {
    return redisCall(operation, { ...context, key: this.stockKey }, run);
  }
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

const parseRecord = (reply: unknown): ReservationRecord => {
  const parsed = recordSchema.safeParse(typeof reply === 'string' ? parseJson(reply) : reply);
  if (!parsed.success) {
    throw new OrderflowError(
      'STATE_INVALID',
      'A reservation record in Redis has an unexpected shape; inspect the key (was it written by hand?).',
      { context: { reply, problems: parsed.error.issues.map((issue) => issue.message) } },
    );
  }
  return parsed.data;
};

const toLevels = (entries: [string, string][]): StockLevels =>
  Object.fromEntries(
    entries.sort(([a], [b]) => a.localeCompare(b)).map(([sku, units]) => [sku, Number(units)]),
  );
