import type Redis from 'ioredis';

/**
 * Remembers, for every (group, eventId), the first scan that found its done marker
 * (`<prefix>idempotency:<group>:<eventId>` = `done`). A marker once done stays done during a run, so each
 * scan only reads the values of keys not yet known done.
 */
export interface DoneMarkerLog {
  /** `<group>:<eventId>` → index of the first scan that saw it done. */
  firstSeen: Map<string, number>;
  scans: number;
  scan(): Promise<void>;
}

const SCAN_BATCH = 1_000;

export const doneMarkerLog = (redis: Redis, prefix: string): DoneMarkerLog => {
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
      log.scans = index + 1;
    },
  };
  return log;
};
