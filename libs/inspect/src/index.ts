export type { InspectError, InspectedRecord, UnreadableLine } from './inspected-record.types';
export { createInspectKafka, type InspectKafkaOptions } from './inspect-kafka.factory';
export { decodeKcatStream, type DecodeKcatStreamOptions } from './kcat-stream.decoder';
export { parseKcatJsonLines, type KcatRecord } from './kcat-json.parser';
export { readKeyRecords, type ReadKeyRecordsOptions } from './key-records.reader';
export { buildOrderTrace, type TraceEntry } from './order-trace';

export { createRecordDecoder, type RecordDecoder, type RecordDecoderOptions } from './record-decoder';
export { formatRecordLine, type FormatRecordOptions } from './record-line.formatter';
export { tailTopic, type TailTopicOptions } from './topic-tail';
