import { OrderflowError } from '@orderflow/errors';

/** Confluent wire format: magic byte 0, the schema id as a big-endian int32, then the Avro body. */
const MAGIC_BYTE = 0;
const HEADER_LENGTH = 5;

export const encodeWireFormat = (schemaId: number, body: Buffer): Buffer => {
  const header = Buffer.alloc(HEADER_LENGTH);
  header.writeUInt8(MAGIC_BYTE, 0);
  header.writeInt32BE(schemaId, 1);
  return Buffer.concat([header, body]);
};

export const decodeWireFormat = (buffer: Buffer): { schemaId: number; body: Buffer } => {
  if (buffer.length < HEADER_LENGTH || buffer.readUInt8(0) !== MAGIC_BYTE) {
    const start = buffer.subarray(0, 8).toString('hex');
    throw new OrderflowError(
      'MESSAGE_UNDECODABLE',
      `Not a schema-registry (Confluent wire format) message: expected magic byte 0 and a 4-byte schema id, got ${buffer.length} bytes starting ${start || '(empty)'}.`,
      { context: { length: buffer.length, start } },
    );
  }
  return { schemaId: buffer.readInt32BE(1), body: buffer.subarray(HEADER_LENGTH) };
};
