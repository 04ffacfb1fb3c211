import { Type } from 'avsc';

import { loadSchemaCatalog, parseAvroSchema } from '@orderflow/contracts';

import { createAvroBodyGuard } from './avro-body-guard';

/** Avro's zig-zag varint of a non-negative or negative integer below 2^31 in magnitude. */
const varint = (value: number): Buffer => Buffer.from(Type.forSchema('long').toBuffer(value));

const catalog = loadSchemaCatalog();
const orderCreated = catalog.get('order.created').latest.type;

/** order.created's body up to its items: eventId, occurredAt, orderId and customerId, all empty or 0. */
const orderPrefix = Buffer.from([0, 0, 0, 0]);

describe('createAvroBodyGuard', () => {
  it.each(catalog.contracts.map((contract) => [contract.topic, contract.latest.type] as const))(
    'accepts every body avsc writes for %s',
    (_topic, type) => {
      const guard = createAvroBodyGuard(type);
      for (let sample = 0; sample < 200; sample += 1) {
        const body = type.toBuffer(type.random());
        expect(() => guard(body)).not.toThrow();
      }
    },
  );

  it('refuses the 14-byte array-count bomb (2^31-1 items, no bytes) at once (F3)', () => {
    const body = Buffer.concat([orderPrefix, varint(2 ** 31 - 1)]);
    expect(body.length + 5).toBe(14);
    // Refused as soon as the count is read (the cursor at byte 9 of 9), before a single item is.
    expect(() => createAvroBodyGuard(orderCreated)(body)).toThrow(
      /block of 2147483647 items exceeds the 0 bytes left at byte 9 of 9/,
    );
  });

  it('refuses a negative block count whose block size runs past the end', () => {
    const body = Buffer.concat([orderPrefix, varint(-3), varint(1_000_000)]);
    expect(() => createAvroBodyGuard(orderCreated)(body)).toThrow(/block size of 1000000 bytes/);
  });

  it('refuses a map bomb and a string length beyond the body', () => {
    const map = parseAvroSchema({
      type: 'record',
      name: 'M',
      fields: [{ name: 'attributes', type: { type: 'map', values: 'string' } }],
    });
    expect(() => createAvroBodyGuard(map)(varint(2 ** 31 - 1))).toThrow(
      /block of 2147483647 items exceeds the 0 bytes left at byte 5 of 5/,
    );
    expect(() => createAvroBodyGuard(orderCreated)(varint(2 ** 30))).toThrow(/a string of 1073741824 bytes/);
  });

  it('refuses every truncation of a valid body', () => {
    const body = orderCreated.toBuffer(orderCreated.random());
    const guard = createAvroBodyGuard(orderCreated);
    for (let length = 0; length < body.length; length += 1) {
      expect(() => guard(body.subarray(0, length))).toThrow();
    }
  });

  it('refuses an enum index or a union branch that the schema does not have', () => {
    const choice = parseAvroSchema({
      type: 'record',
      name: 'C',
      fields: [
        { name: 'kind', type: { type: 'enum', name: 'Kind', symbols: ['A', 'B'] } },
        { name: 'note', type: ['null', 'string'] },
      ],
    });
    const guard = createAvroBodyGuard(choice);
    expect(() => guard(Buffer.concat([varint(1), varint(0)]))).not.toThrow();
    expect(() => guard(Buffer.concat([varint(2), varint(0)]))).toThrow(/enum index 2 of 2/);
    expect(() => guard(Buffer.concat([varint(0), varint(5)]))).toThrow(/union branch 5 of 2/);
  });

  it('bounds items that take no bytes, which the bytes left cannot bound', () => {
    const nulls = parseAvroSchema({
      type: 'record',
      name: 'N',
      fields: [{ name: 'nothing', type: { type: 'array', items: 'null' } }],
    });
    const guard = createAvroBodyGuard(nulls);
    expect(() => guard(Buffer.concat([varint(3), varint(0)]))).not.toThrow();
    // Refused at the count, not after walking two billion items that each take no bytes.
    expect(() => guard(Buffer.concat([varint(2 ** 31 - 1), varint(0)]))).toThrow(
      /zero-width items at byte 5 of 6/,
    );
  });

  it('follows a recursive schema as deep as its bytes go', () => {
    const list = parseAvroSchema({
      type: 'record',
      name: 'Node',
      fields: [
        { name: 'value', type: 'int' },
        { name: 'next', type: ['null', 'Node'] },
      ],
    });
    const guard = createAvroBodyGuard(list);
    const value = { value: 1, next: { value: 2, next: { value: 3, next: null } } };
    expect(() => guard(list.toBuffer(value))).not.toThrow();
    expect(() => guard(list.toBuffer(value).subarray(0, 5))).toThrow();
  });
});
