import { Type } from 'avsc';

type ForSchemaOptions = NonNullable<Parameters<typeof Type.forSchema>[1]>;

/**
 * How every orderflow component turns Avro schemas into avsc types, so the generated TypeScript and the
 * values the serde produces agree: unions are never wrapped (`null | string`, not `{ string: '...' }`),
 * and logical types stay their underlying type (timestamp-millis is a `number` of epoch ms, not a Date).
 * A function, not a constant: avsc stores its registry of named types in the options object it is given.
 */
export const avroParseOptions = (): ForSchemaOptions => ({ wrapUnions: false });

export const parseAvroSchema = (schema: unknown): Type =>
  Type.forSchema(schema as Parameters<typeof Type.forSchema>[0], avroParseOptions());
