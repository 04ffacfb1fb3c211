import { isOrderflowError } from '@orderflow/errors';
import { NO_TIMESTAMP, type KafkaRecord } from '@orderflow/kafka';
import type { AvroSerde, RegistryClient, SubjectVersion } from '@orderflow/registry';

import type { InspectedRecord } from './inspected-record.types';
import { headersFromKafka } from './record-headers';

export interface RecordDecoderOptions {
  serde: Pick<AvroSerde, 'decode'>;
  /** The registry's subjects and versions of a schema id, to show which version wrote each record. */
  registry?: Pick<RegistryClient, 'subjectVersionsOfId'>;
}

export type RecordDecoder = (record: KafkaRecord) => Promise<InspectedRecord>;

/**
 * Decodes payloads through the registry. A payload that cannot be decoded becomes an `error` with the
 * bytes as hex: an operator inspecting a topic wants to see the bad record, not lose the rest of the
 * stream. A registry that cannot be reached (retriable) still fails the call: every record after it
 * would fail the same way.
 */
/**
 * The writer's subject and version: the record's own topic's subject when the id is registered under
 * several (one schema text in several subjects, e.g. test namespaces), else the first the registry names.
 */
const writerOf = (
  registered: readonly SubjectVersion[],
  topic: string,
): { subject: string; version: number } | undefined => {
  const entry = registered.find(({ subject }) => subject === `${topic}-value`) ?? registered[0];
  return entry === undefined ? undefined : { subject: entry.subject, version: entry.version };
};

export const createRecordDecoder = ({ serde, registry }: RecordDecoderOptions): RecordDecoder => {
  // Ids never change meaning within a registry: one lookup per id for the whole stream.
  const versionsById = new Map<number, Promise<SubjectVersion[]>>();
  const registeredAs = (schemaId: number): Promise<SubjectVersion[]> => {
    if (registry === undefined) return Promise.resolve([]);
    const cached = versionsById.get(schemaId) ?? registry.subjectVersionsOfId(schemaId);
    versionsById.set(schemaId, cached);
    return cached;
  };
  return async (record) => {
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
      const writer = writerOf(await registeredAs(schemaId), record.topic);
      return { ...described, schemaId, ...(writer === undefined ? {} : { writer }), value };
    } catch (error) {
      if (!isOrderflowError(error) || error.retriable) throw error;
      return {
        ...described,
        error: { code: error.code, message: error.message },
        payloadHex: record.value.toString('hex'),
      };
    }
  };
};
