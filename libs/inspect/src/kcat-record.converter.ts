import { NO_TIMESTAMP, type KafkaRecord } from '@orderflow/kafka';

import type { KcatRecord } from './kcat-json.parser';
import { headersFromPairs } from './record-headers';

/** A record kcat printed, in the shape every other reader hands over. */
export const kafkaRecordFromKcat = (record: KcatRecord): KafkaRecord => ({
  topic: record.topic,
  partition: record.partition,
  offset: String(record.offset),
  timestamp: record.timestamp === undefined ? NO_TIMESTAMP : String(record.timestamp),
  key: record.key,
  value: record.payload,
  headers: headersFromPairs(record.headers),
});
