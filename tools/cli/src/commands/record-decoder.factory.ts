import { resolveConnectionSettings } from '@orderflow/config';
import { createRecordDecoder, type RecordDecoder } from '@orderflow/inspect';
import { createAvroSerde, createRegistryClient } from '@orderflow/registry';

/**
 * The decoder of decode, tail and trace. No topic prefix: decoding finds the topic from the writer
 * schema's record name, whatever topic or subject the record was written under. Each record shows its writer
 * schema's subject and version, from the registry by the record's schema id.
 */
export const createCliRecordDecoder = (): RecordDecoder => {
  const client = createRegistryClient({ url: resolveConnectionSettings().schemaRegistryUrl });
  return createRecordDecoder({ serde: createAvroSerde({ client }), registry: client });
};
