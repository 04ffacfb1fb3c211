import { loadSchemaCatalog, subjectName } from '@orderflow/contracts';
import { encodeWireFormat, type RegistryClient } from '@orderflow/registry';

/**
 * Encodes a value as a producer still on an older version of a topic's schema writes it: that version's
 * registered id and its Avro body, as an old build (or a non-Node client) would, not the current serde's.
 */
export const encodeAsVersion = async ({
  client,
  topic,
  version,
  value,
  topicPrefix = '',
}: {
  client: Pick<RegistryClient, 'findSchemaId'>;
  topic: string;
  version: number;
  value: unknown;
  topicPrefix?: string;
}): Promise<Buffer> => {
  const schema = loadSchemaCatalog()
    .get(topic)
    .versions.find((candidate) => candidate.version === version);
  if (schema === undefined) throw new Error(`schemas/${topic} has no v${version}`);
  const subject = subjectName(topic, topicPrefix);
  const id = await client.findSchemaId(subject, schema.text);
  if (id === undefined) throw new Error(`${subject} v${version} is not registered`);
  return encodeWireFormat(id, schema.type.toBuffer(value));
};
