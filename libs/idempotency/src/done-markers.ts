import type Redis from 'ioredis';

/**
 * Operator access to one group's done markers, the keys `createIdempotencyStore` writes
 * (`<prefix>idempotency:<group>:<eventId>`, value `done`). A replay reads through them: an event marked
 * done is skipped, so reprocessing a range means forgetting its markers first. Leases (a consumer at
 * work) are never touched. One pipelined round trip per batch; single-key commands, so Redis Cluster
 * works too.
 */
export interface DoneMarkers {
  /** For each event id, whether the group has it marked done. */
  areDone(eventIds: readonly string[]): Promise<boolean[]>;
  /** Deletes the done markers of these events (not leases); resolves with how many were deleted. */
  forget(eventIds: readonly string[]): Promise<number>;
}

export interface DoneMarkersOptions {
  redis: Redis;
  /** The runtime's namespace prefix ('' in production). */
  keyPrefix: string;
  group: string;
}

// Checked and deleted in one step: a marker that became a lease in between stays.
const FORGET_IF_DONE = `
if redis.call('GET', KEYS[1]) == 'done' then return redis.call('DEL', KEYS[1]) end
return 0`;

export const doneMarkers = ({ redis, keyPrefix, group }: DoneMarkersOptions): DoneMarkers => {
  const key = (eventId: string): string => `${keyPrefix}idempotency:${group}:${eventId}`;
  return {
    async areDone(eventIds) {
      if (eventIds.length === 0) return [];
      const values = await redis.mget(...eventIds.map(key));
      return values.map((value) => value === 'done');
    },
    async forget(eventIds) {
      if (eventIds.length === 0) return 0;
      const pipeline = redis.pipeline();
      for (const eventId of eventIds) pipeline.eval(FORGET_IF_DONE, 1, key(eventId));
      const results = (await pipeline.exec()) ?? [];
      let deleted = 0;
      for (const [error, result] of results) {
        if (error) throw error;
        deleted += Number(result);
      }
      return deleted;
    },
  };
};
