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
  /** For each record, whether an earlier (or a concurrent) run redrove its failure. */
  redrivenBefore(records: readonly DlqRecord[]): Promise<boolean[]>;
  /**
   * Takes the failure for this run before sending; false when another run holds or sent it. A claim
   * expires after `claimMs`, so a run that died before sending leaves nothing blocked for long.
   */
  claim(record: DlqRecord): Promise<boolean>;
  /** Called once the broker acknowledged the redriven copy: the claim becomes a lasting mark. */
  markRedriven(record: DlqRecord): Promise<void>;
  /** Gives a claim back after a failed send, so the next run retries it at once. */
  release(record: DlqRecord): Promise<void>;
}

export interface RedriveProgressOptions {
  redis: Redis;
  /** The namespace prefix ('' in production). */
  keyPrefix: string;
  /** Logical group name. */
  group: string;
  /** Longer than the DLQ keeps records (30 days), after which there is nothing to redrive twice. */
  ttlMs?: number;
  /** Longer than one acknowledged send may take (the reliable producer gives up after 10 s). */
  claimMs?: number;
}

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

export const createRedriveProgress = ({
  redis,
  keyPrefix,
  group,
  ttlMs = 35 * 24 * 3_600_000,
  claimMs = 60_000,
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
    async claim(record) {
      return (await redis.set(key(record), `sending ${replayedFrom(record)}`, 'PX', claimMs, 'NX')) === 'OK';
    },
    async markRedriven(record) {
      await redis.set(key(record), replayedFrom(record), 'PX', ttlMs);
    },
    async release(record) {
      await redis.eval(RELEASE, 1, key(record), `sending ${replayedFrom(record)}`);
    },
  };
};
