import type { KafkaAdmin, KafkaClient } from '@orderflow/kafka';

import { toDlqRecord, type DlqRecord } from './dlq-record';
import { dlqRecordMatches, type DlqSelection } from './dlq-selection';
import { readPartitionBounds } from './partition-offsets.reader';
import { readTopicRange } from './topic-range.reader';

export interface ScanDlqOptions {
  kafka: KafkaClient;
  admin: KafkaAdmin;
  /** The physical DLQ topic. */
  topic: string;
  /** Only records matching it are passed on; its `max` ends the scan once reached. */
  selection?: DlqSelection;
  /** Called with each page of (matching) records, one page at a time; 'stop' ends the scan. */
  onPage: (records: DlqRecord[]) => Promise<void | 'stop'>;
  /** Upper bound of one page's bytes (see readTopicRange). */
  pageBytes?: number;
}

/**
 * Streams what the DLQ holds now, page by page in offset order per partition, so `dlq list`, `show` and
 * `redrive` need memory for one page whatever the DLQ's size (after a registry outage it can hold a
 * whole topic). Resolves with the number of records read, or undefined when the topic does not exist.
 */
export const scanDlq = async ({
  kafka,
  admin,
  topic,
  selection = {},
  onPage,
  pageBytes,
}: ScanDlqOptions): Promise<number | undefined> => {
  if (!(await admin.listTopics()).includes(topic)) return undefined;
  const bounds = await readPartitionBounds({ admin, topic });
  let left = selection.max ?? Number.POSITIVE_INFINITY;
  if (left <= 0) return 0;
  return readTopicRange({
    kafka,
    topic,
    pageBytes,
    ranges: bounds.map(({ partition, low, high }) => ({ partition, from: low, end: high })),
    onRecords: async (batch) => {
      const page = batch
        .map(toDlqRecord)
        .filter((record) => dlqRecordMatches(record, selection))
        .slice(0, left);
      left -= page.length;
      const answer = page.length > 0 ? await onPage(page) : undefined;
      return left <= 0 ? 'stop' : answer;
    },
  });
};
