import type { Admin, Kafka } from 'kafkajs';

import { toDlqRecord, type DlqRecord } from './dlq-record';
import { readPartitionBounds } from './partition-offsets.reader';
import { readTopicRange } from './topic-range.reader';

export interface ReadDlqOptions {
  kafka: Kafka;
  admin: Admin;
  /** The physical DLQ topic. */
  topic: string;
}

/** Every record the DLQ holds now, in offset order; undefined when the topic does not exist. */
export const readDlq = async ({ kafka, admin, topic }: ReadDlqOptions): Promise<DlqRecord[] | undefined> => {
  if (!(await admin.listTopics()).includes(topic)) return undefined;
  const bounds = await readPartitionBounds({ admin, topic });
  const records: DlqRecord[] = [];
  await readTopicRange({
    kafka,
    topic,
    ranges: bounds.map(({ partition, low, high }) => ({ partition, from: low, end: high })),
    onRecords: (batch) => {
      records.push(...batch.map(toDlqRecord));
      return Promise.resolve();
    },
  });
  return records.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
};
