import type { RecordHeaders } from '@orderflow/kafka';

// Hand-made bad values for poison-record tests and the chaos suite's corpus (case 11).

/** Avro's zig-zag varint of an integer below 2^31 in magnitude. */
export const varint = (value: number): Buffer => {
  let zigzag = value >= 0 ? value * 2 : -value * 2 - 1;
  const bytes: number[] = [];
  while (zigzag >= 0x80) {
    bytes.push((zigzag % 0x80) | 0x80);
    zigzag = Math.floor(zigzag / 0x80);
  }
  bytes.push(zigzag);
  return Buffer.from(bytes);
};

/** Magic byte 0 and a schema id: the Confluent framing every orderflow value starts with. */
export const framing = (schemaId: number): Buffer => {
  const header = Buffer.alloc(5);
  header.writeInt32BE(schemaId, 1);
  return header;
};

/**
 * 14 bytes that claim 2^31-1 array items: the framing, four empty leading fields (order.created and
 * inventory.reserved both start with eventId, occurredAt, orderId, customerId), then the item count.
 */
export const arrayCountBomb = (schemaId: number): Buffer =>
  Buffer.concat([framing(schemaId), Buffer.alloc(4), varint(2 ** 31 - 1)]);

/** `count` headers with distinct names (about 8 bytes each on the wire). */
export const manyHeaders = (count: number): RecordHeaders =>
  Object.fromEntries(Array.from({ length: count }, (_, index) => [`h${index}`, 'v']));
