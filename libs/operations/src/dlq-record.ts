import { FAILURE_HEADER, headerText } from '@orderflow/retry';

import { REDRIVE_COUNT_HEADER } from './redrive-headers';
import type { KafkaRecord } from '@orderflow/kafka';

/** Why and where from a record was dead-lettered, read from its failure headers (absent ones undefined). */
export interface DlqProvenance {
  originalTopic: string | undefined;
  originalPartition: number | undefined;
  originalOffset: string | undefined;
  originalTimestamp: string | undefined;
  group: string | undefined;
  attempts: number | undefined;
  /** 'unknown' when the header is missing (a record written to the DLQ by hand). */
  errorClass: string;
  errorCode: string | undefined;
  errorMessage: string | undefined;
  dlqReason: string | undefined;
  failedAt: number | undefined;
}

export interface DlqRecord extends KafkaRecord {
  provenance: DlqProvenance;
  /** How often this record was redriven before it failed again (0 for a first failure). */
  redriveCount: number;
}

const numberOrUndefined = (text: string | undefined): number | undefined =>
  text === undefined || !Number.isFinite(Number(text)) ? undefined : Number(text);

export const toDlqRecord = (record: KafkaRecord): DlqRecord => {
  const text = (name: string) => headerText(record.headers, name);
  return {
    ...record,
    provenance: {
      originalTopic: text(FAILURE_HEADER.originalTopic),
      originalPartition: numberOrUndefined(text(FAILURE_HEADER.originalPartition)),
      originalOffset: text(FAILURE_HEADER.originalOffset),
      originalTimestamp: text(FAILURE_HEADER.originalTimestamp),
      group: text(FAILURE_HEADER.group),
      attempts: numberOrUndefined(text(FAILURE_HEADER.attempts)),
      errorClass: text(FAILURE_HEADER.errorClass) ?? 'unknown',
      errorCode: text(FAILURE_HEADER.errorCode),
      errorMessage: text(FAILURE_HEADER.errorMessage),
      dlqReason: text(FAILURE_HEADER.dlqReason),
      failedAt: numberOrUndefined(text(FAILURE_HEADER.failedAt)),
    },
    redriveCount: numberOrUndefined(text(REDRIVE_COUNT_HEADER)) ?? 0,
  };
};

/** When the record was dead-lettered: the failure header, else the DLQ record's own timestamp. */
export const deadLetteredAt = (record: DlqRecord): number =>
  record.provenance.failedAt ?? Number(record.timestamp);
