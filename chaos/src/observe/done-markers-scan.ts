import type Redis from 'ioredis';

import type { PostgresPool } from '@orderflow/postgres';

/**
 * Remembers, for every (group, eventId), the first scan that found it done: its done marker in Redis
 * (`<prefix>idempotency:<group>:<eventId>` = `done`), or, for a group that keeps its own inbox (payment,
 * in PostgreSQL: no Redis claim), its processed_events row, written in the transaction of its effects. Done
 * stays done during a run, so each scan only reads the values of Redis keys not yet known done.
 */
export interface DoneMarkerLog {
  /** `<group>:<eventId>` → index of the first scan that saw it done. */
  firstSeen: Map<string, number>;
  scans: number;
  scan(): Promise<void>;
}

const SCAN_BATCH = 1_000;

export const doneMarkerLog = (redis: Redis, prefix: string, inbox?: PostgresPool): DoneMarkerLog => {
  const firstSeen = new Map<string, number>();
  const markerPrefix = `${prefix}idempotency:`;
  const log: DoneMarkerLog = {
    firstSeen,
    scans: 0,
    async scan() {
      const index = log.scans;
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${markerPrefix}*`, 'COUNT', SCAN_BATCH);
        cursor = next;
        const unknown = keys.filter((key) => !firstSeen.has(key.slice(markerPrefix.length)));
        if (unknown.length === 0) continue;
        const values = await redis.mget(...unknown);
        unknown.forEach((key, position) => {
          if (values[position] === 'done') firstSeen.set(key.slice(markerPrefix.length), index);
        });
      } while (cursor !== '0');
      if (inbox !== undefined) {
        const { rows } = await inbox.query<{ consumer_group: string; event_id: string }>(
          'select consumer_group, event_id from processed_events',
        );
        // The database is the namespace's own: its group names carry no prefix, as in the Redis keys.
        for (const row of rows) {
          const key = `${row.consumer_group}:${row.event_id}`;
          if (!firstSeen.has(key)) firstSeen.set(key, index);
        }
      }
      log.scans = index + 1;
    },
  };
  return log;
};
