import type Redis from 'ioredis';

import type { DlqRecord } from './dlq-record';
import { replayedFrom } from './replay-header';

/**
 * Which dead letters were redriven, so running a redrive twice sends each once. One Redis key per failure:
 * the record's original coordinates and how often it had been redriven before it failed. A marker per
 * failure (rather than a committed cursor on the DLQ) lets selections differ between runs (records a
 * first run did not select stay redrivable), sends duplicate DLQ copies of one failure (a crash between
 * routing and commit writes two) once, and still lets a record that failed again after its redrive (one
 * more redrive counted) be redriven. The value says which DLQ record was sent.
 */
export interface RedriveProgress {
  /** The failure a DLQ record stands for; records with the same id are one failure. */
  failureId(record: DlqRecord): string;
  /** For each record, whether an earlier run redrove its failure. */
  redrivenBefore(records: readonly DlqRecord[]): Promise<boolean[]>;
  /** Called once the broker acknowledged the redriven copy. */
  markRedriven(record: DlqRecord): Promise<void>;
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
  const failureId = ({ provenance, redriveCount }: DlqRecord): string =>
    [provenance.originalTopic, provenance.originalPartition, provenance.originalOffset, redriveCount].join(
      ':',
    );
  const key = (record: DlqRecord): string => `${keyPrefix}redrive:${group}:${failureId(record)}`;
  return {
    failureId,
    async redrivenBefore(records) {
      if (records.length === 0) return [];
      const values = await redis.mget(...records.map(key));
      return values.map((value) => value !== null);
    },
    async markRedriven(record) {
      await redis.set(key(record), replayedFrom(record), 'PX', ttlMs);
    },
  };
};
