import type { AvroSerde } from '@orderflow/registry';

/** A record value as an operator can read it. */
export type DescribedValue =
  | { kind: 'avro'; schemaId: number; topic: string | undefined; json: string }
  | { kind: 'bytes'; length: number; hex: string; reason: string }
  | { kind: 'null' };

// Long payloads would drown the listing; the first bytes identify the framing and the schema id.
const MAX_HEX_BYTES = 256;

const toJson = (value: unknown): string =>
  JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'bigint' ? item.toString() : Buffer.isBuffer(item) ? item.toString('hex') : item,
  );

/** Decodes through the registry when it can; anything else (poison bytes, registry down) is shown as hex. */
export const describeRecordValue = async (
  serde: AvroSerde | undefined,
  value: Buffer | null,
): Promise<DescribedValue> => {
  if (value === null) return { kind: 'null' };
  const asBytes = (reason: string): DescribedValue => ({
    kind: 'bytes',
    length: value.length,
    hex: value.subarray(0, MAX_HEX_BYTES).toString('hex') + (value.length > MAX_HEX_BYTES ? '…' : ''),
    reason,
  });
  if (serde === undefined) return asBytes('no schema registry');
  try {
    const decoded = await serde.decode(value);
    return { kind: 'avro', schemaId: decoded.schemaId, topic: decoded.topic, json: toJson(decoded.value) };
  } catch (error) {
    return asBytes(error instanceof Error ? error.message : String(error));
  }
};
