import type { PartitionRecord } from '@orderflow/kafka';

import type { RawRecord } from './inspected-record.types';
import type { KcatRecord } from './kcat-json.parser';
import { headersFromKafka, headersFromPairs } from './record-headers';

export const rawRecordFromKcat = (record: KcatRecord): RawRecord => ({
  topic: record.topic,
  partition: record.partition,
  offset: record.offset,
  ...(record.timestamp === undefined ? {} : { timestamp: record.timestamp }),
  key: record.key,
  headers: headersFromPairs(record.headers),
  payload: record.payload,
});

export const rawRecordFromKafka = (
  topic: string,
  partition: number,
  message: PartitionRecord,
): RawRecord => ({
  topic,
  partition,
  offset: Number(message.offset),
  timestamp: Number(message.timestamp),
  key: message.key,
  headers: headersFromKafka(message.headers),
  payload: message.value,
});
