import { types } from 'avsc';
import type { Type } from 'avsc';

/** Throws when an Avro body could make the decoder allocate or loop beyond what its bytes can hold. */
export type AvroBodyGuard = (body: Buffer) => void;

/**
 * Items that take no bytes at all (nulls, empty records) cannot be bounded by the bytes left; a body may
 * declare at most this many of them in total. No orderflow schema has such items.
 */
const MAX_ZERO_WIDTH_ITEMS = 10_000;

interface Cursor {
  buf: Buffer;
  pos: number;
  zeroWidthItemsLeft: number;
}

type Scan = (cursor: Cursor) => void;

const fail = (cursor: Cursor, what: string): never => {
  throw new Error(`${what} at byte ${cursor.pos} of ${cursor.buf.length}`);
};

const bytesLeft = (cursor: Cursor): number => cursor.buf.length - cursor.pos;

/** avsc's zig-zag varint reading (Tap.readLong), position for position, but refusing to run past the end. */
const readLong = (cursor: Cursor): number => {
  const { buf } = cursor;
  let n = 0;
  let shift = 0;
  let byte: number;
  do {
    if (cursor.pos >= buf.length) fail(cursor, 'truncated varint');
    byte = buf[cursor.pos++]!;
    n |= (byte & 0x7f) << shift;
    shift += 7;
  } while (byte & 0x80 && shift < 28);
  if (!(byte & 0x80)) return (n >> 1) ^ -(n & 1);
  let f = n;
  let factor = 268_435_456;
  do {
    if (cursor.pos >= buf.length) fail(cursor, 'truncated varint');
    byte = buf[cursor.pos++]!;
    f += (byte & 0x7f) * factor;
    factor *= 128;
  } while (byte & 0x80);
  return (f % 2 ? -(f + 1) : f) / 2;
};

const skip = (cursor: Cursor, length: number, what: string): void => {
  if (length < 0 || length > bytesLeft(cursor)) {
    fail(cursor, `${what} of ${length} bytes exceeds the ${bytesLeft(cursor)} bytes left`);
  }
  cursor.pos += length;
};

/** The fewest bytes a value of the type can take; a type met again while measuring itself counts 0. */
const minimumBytes = (type: Type, measuring = new Set<Type>()): number => {
  if (type instanceof types.LogicalType) return minimumBytes(type.underlyingType, measuring);
  if (type instanceof types.NullType) return 0;
  if (type instanceof types.FloatType) return 4;
  if (type instanceof types.DoubleType) return 8;
  if (type instanceof types.FixedType) return type.size;
  if (type instanceof types.RecordType) {
    if (measuring.has(type)) return 0;
    measuring.add(type);
    const total = type.fields.reduce((sum, field) => sum + minimumBytes(field.type, measuring), 0);
    measuring.delete(type);
    return total;
  }
  // Booleans, varints, length-prefixed strings and bytes, enums, union branches and the end of a block list.
  return 1;
};

/**
 * Every block of an array or map states its item count up front, and avsc allocates that many slots before
 * it reads one: the count is checked against the bytes left, each item taking at least `itemBytes`.
 */
const scanBlocks = (cursor: Cursor, itemBytes: number, scanItem: Scan): void => {
  for (;;) {
    let count = readLong(cursor);
    if (count === 0) return;
    if (count < 0) {
      count = -count;
      const blockBytes = readLong(cursor);
      if (blockBytes < 0 || blockBytes > bytesLeft(cursor)) {
        fail(cursor, `a block size of ${blockBytes} bytes exceeds the ${bytesLeft(cursor)} bytes left`);
      }
    }
    if (itemBytes > 0) {
      if (count > bytesLeft(cursor) / itemBytes) {
        fail(cursor, `a block of ${count} items exceeds the ${bytesLeft(cursor)} bytes left`);
      }
    } else {
      cursor.zeroWidthItemsLeft -= count;
      if (cursor.zeroWidthItemsLeft < 0) fail(cursor, `more than ${MAX_ZERO_WIDTH_ITEMS} zero-width items`);
    }
    for (let item = 0; item < count; item += 1) scanItem(cursor);
  }
};

const compile = (type: Type, compiled: Map<Type, Scan>): Scan => {
  const known = compiled.get(type);
  if (known) return known;
  // Recursive schemas refer to a type while it is being compiled: resolve the reference on first use.
  const resolved: { scan?: Scan } = {};
  compiled.set(type, (cursor) => resolved.scan!(cursor));
  const scan = compileType(type, compiled);
  resolved.scan = scan;
  compiled.set(type, scan);
  return scan;
};

const compileType = (type: Type, compiled: Map<Type, Scan>): Scan => {
  if (type instanceof types.LogicalType) return compile(type.underlyingType, compiled);
  if (type instanceof types.NullType) return () => undefined;
  if (type instanceof types.BooleanType) return (cursor) => skip(cursor, 1, 'a boolean');
  if (type instanceof types.IntType || type instanceof types.LongType)
    return (cursor) => void readLong(cursor);
  if (type instanceof types.FloatType) return (cursor) => skip(cursor, 4, 'a float');
  if (type instanceof types.DoubleType) return (cursor) => skip(cursor, 8, 'a double');
  if (type instanceof types.StringType || type instanceof types.BytesType) {
    return (cursor) => skip(cursor, readLong(cursor), `a ${type.typeName}`);
  }
  if (type instanceof types.FixedType) return (cursor) => skip(cursor, type.size, 'a fixed');
  if (type instanceof types.EnumType) {
    const symbols = type.symbols.length;
    return (cursor) => {
      const index = readLong(cursor);
      if (index < 0 || index >= symbols) fail(cursor, `enum index ${index} of ${symbols} symbols`);
    };
  }
  if (type instanceof types.UnwrappedUnionType || type instanceof types.WrappedUnionType) {
    const branches = type.types.map((branch) => compile(branch, compiled));
    return (cursor) => {
      const index = readLong(cursor);
      const branch = branches[index];
      if (branch === undefined) fail(cursor, `union branch ${index} of ${branches.length}`);
      branch!(cursor);
    };
  }
  if (type instanceof types.ArrayType) {
    const itemBytes = minimumBytes(type.itemsType);
    const scanItem = compile(type.itemsType, compiled);
    return (cursor) => scanBlocks(cursor, itemBytes, scanItem);
  }
  if (type instanceof types.MapType) {
    const valuesType = type.valuesType as Type;
    const entryBytes = 1 + minimumBytes(valuesType);
    const scanValue = compile(valuesType, compiled);
    const scanEntry: Scan = (cursor) => {
      skip(cursor, readLong(cursor), 'a map key');
      scanValue(cursor);
    };
    return (cursor) => scanBlocks(cursor, entryBytes, scanEntry);
  }
  if (type instanceof types.RecordType) {
    const fields = type.fields.map((field) => compile(field.type, compiled));
    return (cursor) => {
      for (const field of fields) field(cursor);
    };
  }
  throw new Error(`Avro type ${type.typeName} has no bounds check`);
};

/**
 * A check, compiled once per writer schema, that walks a body's bytes as the schema lays them out without
 * building any value: every string, bytes and block length and every array or map item count must fit in
 * the bytes left. avsc reads past the end of a buffer cheaply and only then reports it truncated, after
 * allocating whatever counts the bytes claimed; a 14-byte record can claim 2^31 items.
 */
export const createAvroBodyGuard = (writer: Type): AvroBodyGuard => {
  const scan = compile(writer, new Map());
  return (body) => {
    scan({ buf: body, pos: 0, zeroWidthItemsLeft: MAX_ZERO_WIDTH_ITEMS });
  };
};
