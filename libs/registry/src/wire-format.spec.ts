import { isOrderflowError } from '@orderflow/errors';

import { decodeWireFormat, encodeWireFormat } from './wire-format';

describe('Confluent wire format', () => {
  it('round-trips the schema id and body behind magic byte 0', () => {
    const encoded = encodeWireFormat(258, Buffer.from('body'));
    expect(encoded.subarray(0, 5)).toEqual(Buffer.from([0, 0, 0, 1, 2]));
    expect(decodeWireFormat(encoded)).toEqual({ schemaId: 258, body: Buffer.from('body') });
  });

  it.each([
    ['an empty buffer', Buffer.alloc(0)],
    ['a short buffer', Buffer.from([0, 0, 1])],
    ['plain JSON', Buffer.from('{"orderId":"o-1"}')],
  ])('refuses %s with MESSAGE_UNDECODABLE', (_case, buffer) => {
    let error: unknown;
    try {
      decodeWireFormat(buffer);
    } catch (caught) {
      error = caught;
    }
    expect(isOrderflowError(error, 'MESSAGE_UNDECODABLE')).toBe(true);
  });
});
