export {
  createAvroSerde,
  type AvroSerde,
  type AvroSerdeOptions,
  type DecodedEvent,
  type DecodedUnknown,
  type SchemaWarmUp,
} from './avro-serde';
export {
  checkSchemas,
  type SchemaCheckOptions,
  type SchemaCheckResult,
  type SchemaCheckStatus,
} from './check-schemas';
export {
  DEFAULT_COMPATIBILITY_MODE,
  parseCompatibilityMode,
  type CompatibilityMode,
  type CompatibilityModes,
  type CompatibilityRules,
} from './compatibility-mode';
export { type LabelledSchema } from './compatibility-reasons';
export { registerSchemas, type RegisterSchemasOptions, type SubjectRegistration } from './register-schemas';
export { createRegistryClient, type RegistryClient, type RegistryClientOptions } from './registry-client';
export { type SubjectVersion } from './registry-http';
export { encodeWireFormat } from './wire-format';
