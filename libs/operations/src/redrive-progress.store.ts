import type Redis from 'ioredis';

import type { StoredRecord } from './topic-range.types';

/**
 * Which DLQ records were redriven, one Redis key per DLQ offset, so running a redrive twice sends each
 * record once. A per-offset marker (rather than a committed cursor) lets selections differ between runs:
 * records a first run did not select stay redrivable. The value is the DLQ record's timestamp, so a DLQ
 * topic deleted and recreated (offsets starting over) is not mistaken for the old one.
 */
export interface RedriveProgress {
  /** For each record, whether an earlier run redrove it. */
  redrivenBefore(records: readonly StoredRecord[]): Promise<boolean[]>;
  /** Called once the broker acknowledged the redriven copy. */
  markRedriven(record: StoredRecord): Promise<void>;
}

export interface RedriveProgressOptions {
  redis: Redis;
  /** The namespace prefix ('' in production). */
  keyPrefix: string;
  /** Logical group name. */
  group: string;
  /** Longer than the DLQ keeps records (30 days), after which there is nothing to redrive twice. */
  ttlMs?: number;
}

export const createRedriveProgress = ({
  redis,
  keyPrefix,
  group,
  ttlMs = 35 * 24 * 3_600_000,
}: RedriveProgressOptions): RedriveProgress => {
  const key = (record: StoredRecord): string =>
    `${keyPrefix}redrive:${group}:${record.partition}:${record.offset}`;
  return {
    async redrivenBefore(records) {
      if (records.length === 0) return [];
      const values = await redis.mget(...records.map(key));
      return values.map((value, index) => value !== null && value === records[index]?.timestamp);
    },
    async markRedriven(record) {
      await redis.set(key(record), record.timestamp, 'PX', ttlMs);
    },
  };
};
