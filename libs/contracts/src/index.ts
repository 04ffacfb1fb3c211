export { avroParseOptions, parseAvroSchema } from './avro-parse';
export { findStaleGeneratedFiles, generatedDir, writeGeneratedFiles } from './generated-files';
export {
  catalogOf,
  loadSchemaCatalog,
  type LoadSchemaCatalogOptions,
  type SchemaCatalog,
  type SchemaVersion,
  type TopicContract,
} from './schema-catalog';
export { parseSchemaVersionPins, pinSchemaVersions, type SchemaVersionPins } from './schema-version-pins';
export { subjectName } from './subject-name';
export { generateTypescript, type GeneratedFile } from './typescript-codegen';
export * from './generated';
