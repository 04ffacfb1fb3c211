import type { RecordHeaders } from '@orderflow/kafka';
import type { ConsumerGroupModel } from '@orderflow/topics';

import type { DlqRecord } from './dlq-record';
import { redriveHeaders } from './redrive-headers';

/** What redrive does with one selected record. */
export type RedriveStep =
  | { kind: 'send'; record: DlqRecord; topic: string; headers: RecordHeaders; redriveCount: number }
  /** An earlier run sent it already: a second run is a no-op for it. */
  | { kind: 'redriven-before'; record: DlqRecord }
  | { kind: 'refused'; record: DlqRecord; reason: string };

export interface PlanRedriveOptions {
  records: readonly DlqRecord[];
  /** The group whose DLQ the records come from (prefix applied). */
  group: ConsumerGroupModel;
  /** Records already redriven this often are refused: their cause is evidently not fixed. */
  maxRedrives: number;
  /** Whether an earlier run redrove a record (see createRedriveProgress). */
  redrivenBefore: (record: DlqRecord) => boolean;
  /** Written as the records' due time: due at once. */
  now: number;
}

const hasOrigin = ({ provenance }: DlqRecord): boolean =>
  provenance.originalTopic !== undefined &&
  provenance.originalPartition !== undefined &&
  provenance.originalOffset !== undefined;

/**
 * Pure: each record's target, or why it is not sent. The target is the group's first retry tier, never
 * the original topic: only the group that failed reads it (every group on the original topic would read
 * a record sent there).
 */
export const planRedrive = ({
  records,
  group,
  maxRedrives,
  redrivenBefore,
  now,
}: PlanRedriveOptions): RedriveStep[] =>
  records.map((record): RedriveStep => {
    const tier = group.retryTiers[0];
    if (tier === undefined)
      return {
        kind: 'refused',
        record,
        reason: `group ${group.name} declares no retry tier to redrive through; add one in topics.yaml and run \`orderflow topics apply\``,
      };
    if (!hasOrigin(record))
      return {
        kind: 'refused',
        record,
        reason: 'no orderflow-original-* headers: unknown where it came from',
      };
    if (record.value === null || record.value.length === 0)
      return {
        kind: 'refused',
        record,
        reason:
          'no value (a tombstone, or a value dropped because it was too large to copy): it would fail again; republish it from its original offset instead',
      };
    if (redrivenBefore(record)) return { kind: 'redriven-before', record };
    if (record.redriveCount >= maxRedrives)
      return {
        kind: 'refused',
        record,
        reason: `redriven ${record.redriveCount} time(s) already (limit ${maxRedrives}); fix the cause or raise --max-redrives`,
      };
    return {
      kind: 'send',
      record,
      topic: tier.topic,
      headers: redriveHeaders(record, { group: group.name, dueAt: now }),
      redriveCount: record.redriveCount + 1,
    };
  });
