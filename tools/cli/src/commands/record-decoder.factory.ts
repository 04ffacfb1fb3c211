import { resolveConnectionSettings } from '@orderflow/config';
import { createRecordDecoder, type RecordDecoder } from '@orderflow/inspect';
import { createAvroSerde, createRegistryClient } from '@orderflow/registry';

/**
 * The decoder of decode, tail and trace. No topic prefix: decoding finds the topic from the writer
 * schema's record name, whatever topic or subject the record was written under.
 */
export const createCliRecordDecoder = (): RecordDecoder =>
  createRecordDecoder({
    serde: createAvroSerde({
      client: createRegistryClient({ url: resolveConnectionSettings().schemaRegistryUrl }),
    }),
  });
