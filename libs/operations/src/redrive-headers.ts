import type { RecordHeaders } from '@orderflow/kafka';
import { FAILURE_HEADER, withoutFailureHeaders } from '@orderflow/retry';

import type { DlqRecord } from './dlq-record';
import { replayedFrom } from './replay-header';

/** How many times a record was sent back from a DLQ; survives the next failure because routing keeps own headers. */
export const REDRIVE_COUNT_HEADER = 'orderflow-redrive-count';

/** The DLQ record a redriven copy came from, as `<topic>/<partition>/<offset>`. */
export const REDRIVEN_FROM_HEADER = 'orderflow-redriven-from';

/**
 * Pure: the headers of a record redriven into its group's first retry tier. The retry consumer reads a
 * record there as a delivery of its original coordinates; `attempts` 0 and `due-at` now make it due at
 * once and count the next delivery as attempt 1, with the whole retry ladder ahead of it again. The old
 * failure facts go (the DLQ keeps them); the record's own headers stay.
 */
export const redriveHeaders = (
  record: DlqRecord,
  { group, dueAt }: { group: string; dueAt: number },
): RecordHeaders => {
  const { provenance } = record;
  return {
    ...withoutFailureHeaders(record.headers),
    [FAILURE_HEADER.originalTopic]: provenance.originalTopic ?? '',
    [FAILURE_HEADER.originalPartition]: String(provenance.originalPartition ?? ''),
    [FAILURE_HEADER.originalOffset]: provenance.originalOffset ?? '',
    [FAILURE_HEADER.originalTimestamp]: provenance.originalTimestamp ?? '',
    [FAILURE_HEADER.group]: group,
    [FAILURE_HEADER.attempts]: '0',
    [FAILURE_HEADER.dueAt]: String(dueAt),
    [REDRIVE_COUNT_HEADER]: String(record.redriveCount + 1),
    [REDRIVEN_FROM_HEADER]: replayedFrom(record),
  };
};
