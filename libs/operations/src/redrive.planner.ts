import { physicalTopic } from '@orderflow/kafka';

import type { DlqRecord } from './dlq-record';
import { redriveHeaders } from './redrive-headers';
import type { IHeaders } from 'kafkajs';

/** What redrive does with one selected record. */
export type RedriveStep =
  | { kind: 'send'; record: DlqRecord; topic: string; headers: IHeaders; redriveCount: number }
  | { kind: 'refused'; record: DlqRecord; reason: string };

export interface PlanRedriveOptions {
  records: readonly DlqRecord[];
  /** Prepended to the logical original topic of each record. */
  topicPrefix: string;
  /** Records already redriven this often are refused: their cause is evidently not fixed. */
  maxRedrives: number;
}

/** Pure: each record's target (its ORIGINAL topic, from its headers) and headers, or why it is refused. */
export const planRedrive = ({ records, topicPrefix, maxRedrives }: PlanRedriveOptions): RedriveStep[] =>
  records.map((record): RedriveStep => {
    const original = record.provenance.originalTopic;
    if (original === undefined)
      return {
        kind: 'refused',
        record,
        reason: 'no orderflow-original-topic header: unknown where it came from',
      };
    if (record.redriveCount >= maxRedrives)
      return {
        kind: 'refused',
        record,
        reason: `redriven ${record.redriveCount} time(s) already (limit ${maxRedrives}); fix the cause or raise --max-redrives`,
      };
    return {
      kind: 'send',
      record,
      topic: physicalTopic(topicPrefix, original),
      headers: redriveHeaders(record.headers, record.redriveCount),
      redriveCount: record.redriveCount + 1,
    };
  });
