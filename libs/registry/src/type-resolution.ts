import { types } from 'avsc';
import type { Type } from 'avsc';

const resolutionError = (reader: Type, writer: Type): string | undefined => {
  try {
    reader.createResolver(writer);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
};

const shortName = (type: Type): string => (type.name ?? type.typeName).split('.').pop() ?? type.typeName;

const recordProblem = (
  reader: types.RecordType,
  writer: types.RecordType,
  path: string,
  writerLabel: string,
): string | undefined => {
  for (const field of reader.fields) {
    const names = [field.name, ...(field.aliases ?? [])];
    const written = writer.fields.find((candidate) => names.includes(candidate.name));
    const fieldPath = `${path}.${field.name}`;
    if (written === undefined) {
      if (field.defaultValue() === undefined)
        return `field ${fieldPath} has no default and ${writerLabel} does not write it`;
      continue;
    }
    if (resolutionError(field.type, written.type) !== undefined) {
      return locate(field.type, written.type, fieldPath, writerLabel);
    }
  }
  return undefined;
};

/** Walks into records, arrays and maps to name the innermost place the reader cannot follow the writer. */
const locate = (reader: Type, writer: Type, path: string, writerLabel: string): string => {
  if (
    reader instanceof types.RecordType &&
    writer instanceof types.RecordType &&
    reader.name === writer.name
  ) {
    const problem = recordProblem(reader, writer, path, writerLabel);
    if (problem !== undefined) return problem;
  }
  if (reader instanceof types.ArrayType && writer instanceof types.ArrayType) {
    return locate(reader.itemsType, writer.itemsType, `${path}[]`, writerLabel);
  }
  if (reader instanceof types.MapType && writer instanceof types.MapType) {
    return locate(reader.valuesType as Type, writer.valuesType as Type, `${path}{}`, writerLabel);
  }
  if (reader instanceof types.EnumType && writer instanceof types.EnumType && reader.name === writer.name) {
    const unknown = writer.symbols.filter((symbol) => !reader.symbols.includes(symbol));
    return `enum ${path} (${shortName(reader)}) has no default and lacks symbols ${unknown.join(', ')} that ${writerLabel} may write`;
  }
  return `${path}: ${resolutionError(reader, writer) ?? 'incompatible types'}`;
};

/**
 * Why `reader` cannot read data written with `writer`, naming the field (`OrderCreated.items[].sku`), or
 * undefined when it can. avsc's own resolver decides; this only explains its refusal.
 */
export const findResolutionProblem = ({
  reader,
  writer,
  writerLabel,
}: {
  reader: Type;
  writer: Type;
  writerLabel: string;
}): string | undefined =>
  resolutionError(reader, writer) === undefined
    ? undefined
    : locate(reader, writer, shortName(reader), writerLabel);
