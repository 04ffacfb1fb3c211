import type { IHeaders } from 'kafkajs';

import { withoutFailureHeaders } from '@orderflow/retry';

/** How many times a record was sent back from a DLQ; survives the next failure because routing keeps own headers. */
export const REDRIVE_COUNT_HEADER = 'orderflow-redrive-count';

/**
 * Pure: the headers a redriven record carries — its original ones without the failure facts (the consumer
 * must see a first delivery, not a retry), and the redrive count one higher than before.
 */
export const redriveHeaders = (headers: IHeaders, previousCount: number): IHeaders => ({
  ...withoutFailureHeaders(headers),
  [REDRIVE_COUNT_HEADER]: String(previousCount + 1),
});
