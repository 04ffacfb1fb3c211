import { deadLetteredAt, type DlqRecord } from './dlq-record';

/** Which DLQ records an operator means; every given criterion must hold. */
export interface DlqSelection {
  errorClass?: string;
  /** Dead-lettered at or after (ms since epoch). */
  since?: number;
  /** Dead-lettered before (ms since epoch). */
  until?: number;
  /** DLQ offsets. */
  offsets?: readonly number[];
  /** At most this many, the oldest first (DLQ order). */
  max?: number;
}

/** Pure: whether a record meets every criterion but `max` (which counts across pages). */
export const dlqRecordMatches = (record: DlqRecord, selection: DlqSelection): boolean =>
  (selection.errorClass === undefined || record.provenance.errorClass === selection.errorClass) &&
  (selection.since === undefined || deadLetteredAt(record) >= selection.since) &&
  (selection.until === undefined || deadLetteredAt(record) < selection.until) &&
  (selection.offsets === undefined || selection.offsets.includes(Number(record.offset)));
