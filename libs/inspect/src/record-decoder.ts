import { isOrderflowError } from '@orderflow/errors';
import { NO_TIMESTAMP, type KafkaRecord } from '@orderflow/kafka';
import type { AvroSerde } from '@orderflow/registry';

import type { InspectedRecord } from './inspected-record.types';
import { headersFromKafka } from './record-headers';

export interface RecordDecoderOptions {
  serde: Pick<AvroSerde, 'decode'>;
}

export type RecordDecoder = (record: KafkaRecord) => Promise<InspectedRecord>;

/**
 * Decodes payloads through the registry. A payload that cannot be decoded becomes an `error` with the
 * bytes as hex: an operator inspecting a topic wants to see the bad record, not lose the rest of the
 * stream. A registry that cannot be reached (retriable) still fails the call: every record after it
 * would fail the same way.
 */
export const createRecordDecoder =
  ({ serde }: RecordDecoderOptions): RecordDecoder =>
  async (record) => {
    const described: InspectedRecord = {
      topic: record.topic,
      partition: record.partition,
      offset: Number(record.offset),
      ...(record.timestamp === NO_TIMESTAMP
        ? {}
        : { timestamp: new Date(Number(record.timestamp)).toISOString() }),
      key: record.key === null ? null : record.key.toString('utf8'),
      headers: headersFromKafka(record.headers),
    };
    if (record.value === null) return { ...described, value: null };
    try {
      const { schemaId, value } = await serde.decode(record.value);
      return { ...described, schemaId, value };
    } catch (error) {
      if (!isOrderflowError(error) || error.retriable) throw error;
      return {
        ...described,
        error: { code: error.code, message: error.message },
        payloadHex: record.value.toString('hex'),
      };
    }
  };
