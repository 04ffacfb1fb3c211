import { types } from 'avsc';
import type { Type } from 'avsc';

/** A named Avro type the generated module must declare, keyed by its short (TypeScript) name. */
export type NamedDeclaration = types.RecordType | types.EnumType;

// avsc's typings omit `doc` on fields, though the parsed field carries it.
type DocumentedField = types.Field & { doc?: string };

const PRIMITIVES: Readonly<Record<string, string>> = {
  null: 'null',
  boolean: 'boolean',
  int: 'number',
  // avsc reads longs as JS numbers and refuses values beyond 2^53, so `number` is exact.
  long: 'number',
  float: 'number',
  double: 'number',
  string: 'string',
  bytes: 'Buffer',
  fixed: 'Buffer',
};

export const shortName = (type: Type): string => (type.name ?? '').split('.').pop() ?? '';

const docComment = (doc: string | undefined, indent: string): string =>
  doc === undefined ? '' : `${indent}/** ${doc.replace(/\*\//g, '*\\/').replace(/\s+/g, ' ').trim()} */\n`;

/**
 * The TypeScript type expression for an Avro type, reporting each record and enum it names through
 * `declare` so the caller can emit their declarations.
 */
export const typeExpression = (type: Type, declare: (named: NamedDeclaration) => void): string => {
  if (type instanceof types.RecordType || type instanceof types.EnumType) {
    declare(type);
    return shortName(type);
  }
  if (type instanceof types.ArrayType) {
    const items = typeExpression(type.itemsType, declare);
    return items.includes(' ') ? `Array<${items}>` : `${items}[]`;
  }
  if (type instanceof types.MapType) {
    return `Record<string, ${typeExpression(type.valuesType as Type, declare)}>`;
  }
  if (type instanceof types.UnwrappedUnionType) {
    // null last reads as "T | null", the way hand-written TypeScript spells optional values.
    const branches = [...type.types].sort(
      (a, b) => Number(a.typeName === 'null') - Number(b.typeName === 'null'),
    );
    return branches.map((branch) => typeExpression(branch, declare)).join(' | ');
  }
  const primitive = PRIMITIVES[type.typeName];
  if (primitive === undefined) throw new Error(`unsupported Avro type ${type.typeName}`);
  return primitive;
};

/** The constant listing an enum's symbols: `NotificationKind` → `NOTIFICATION_KINDS`. */
export const symbolListName = (enumName: string): string => {
  const constant = enumName.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
  return constant.endsWith('S') ? `${constant}ES` : `${constant}S`;
};

/** The `export interface` or `export type` declaring one named type (an enum also gets its symbol list). */
export const declaration = (type: NamedDeclaration, declare: (named: NamedDeclaration) => void): string => {
  const head = docComment(type.doc, '');
  if (type instanceof types.EnumType) {
    // The symbols as a value too, so config schemas, zod and OpenAPI list them without copying them.
    const list = symbolListName(shortName(type));
    const symbols = type.symbols.map((symbol) => `'${symbol}'`).join(', ');
    return (
      `/** Every ${shortName(type)}, in the schema's order. */\n` +
      `export const ${list} = [${symbols}] as const;\n` +
      `${head}export type ${shortName(type)} = (typeof ${list})[number];\n`
    );
  }
  const fields = type.fields.map((field: DocumentedField) => {
    const expression = typeExpression(field.type, declare);
    return `${docComment(field.doc, '  ')}  ${field.name}: ${expression};\n`;
  });
  return `${head}export interface ${shortName(type)} {\n${fields.join('')}}\n`;
};
