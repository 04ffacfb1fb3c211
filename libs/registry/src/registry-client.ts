import { COMPATIBILITY, SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import type { Type } from 'avsc';
import { types } from 'avsc';

import { avroParseOptions } from '@orderflow/contracts';
import { OrderflowError } from '@orderflow/errors';

import type { CompatibilityMode } from './compatibility-mode';
import { createRegistryHttp } from './registry-http';
import type { RegistryHttp } from './registry-http';

export interface RegistryClientOptions {
  /** Confluent API root, e.g. SCHEMA_REGISTRY_URL (for Apicurio it ends in /apis/ccompat/v7). */
  url: string;
  /**
   * Upper bound of one HTTP request to the registry (the library's retries after a 5xx get one each): a
   * hung registry fails the call instead of holding it, and every request waiting on the same lookup,
   * forever. 10 s: far above a healthy registry's milliseconds, below the consumers' 15 s lease.
   */
  timeoutMs?: number;
}

type Middleware = NonNullable<ConstructorParameters<typeof SchemaRegistry>[0]['middlewares']>[number];

/** mappersmith times a request out only when it carries `timeout`; it carries none by default. */
const timeoutAfter =
  (timeoutMs: number): Middleware =>
  () => ({
    prepareRequest: (next) => next().then((request) => request.enhance({ timeout: timeoutMs })),
  });

/** What orderflow asks of a Confluent-API schema registry, by subject. */
export interface RegistryClient extends RegistryHttp {
  readonly url: string;
  /** The id under which this exact schema is registered in the subject, if it is. */
  findSchemaId(subject: string, schema: string): Promise<number | undefined>;
  /** Registers a schema (or returns the id it already has); refusals raise SCHEMA_INCOMPATIBLE. */
  register(subject: string, schema: string, mode: CompatibilityMode): Promise<number>;
  /** The schema registered as `version` of the subject. */
  schemaOfVersion(subject: string, version: number): Promise<Type>;
  /** The schema with this global id; SCHEMA_ID_UNKNOWN when the registry has none. */
  schemaById(id: number): Promise<Type>;
}

// The library wraps HTTP failures in errors carrying `status`; it exports no type for them.
const statusOf = (error: unknown): number | undefined =>
  typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number'
    ? error.status
    : undefined;

const unavailable = (url: string, error: unknown): OrderflowError =>
  new OrderflowError('DEPENDENCY_UNAVAILABLE', `Schema registry at ${url} failed: ${String(error)}`, {
    retriable: true,
    context: { url },
    cause: error,
  });

const asAvroType = (schema: unknown, id: number): Type => {
  if (schema instanceof types.RecordType) return schema;
  throw new OrderflowError('SCHEMA_INVALID', `Schema id ${id} is not an Avro record schema.`, {
    context: { schemaId: id },
  });
};

export const createRegistryClient = ({ url, timeoutMs = 10_000 }: RegistryClientOptions): RegistryClient => {
  // The library's Avro parsing must match the catalog's, or decoded values would differ in shape.
  const library = new SchemaRegistry(
    { host: url, middlewares: [timeoutAfter(timeoutMs)] },
    { forSchemaOptions: avroParseOptions() },
  );

  const http = createRegistryHttp({ baseUrl: url, timeoutMs });

  return {
    url,
    ...http,

    findSchemaId: async (subject, schema) => {
      try {
        return await library.getRegistryIdBySchema(subject, { type: SchemaType.AVRO, schema });
      } catch (error) {
        // The library turns this lookup's 404 (unknown subject or schema) into its base error class and
        // drops the status; every other failure keeps it.
        if (error instanceof Error && error.name === 'ConfluentSchemaRegistryError') return undefined;
        throw unavailable(url, error);
      }
    },

    register: async (subject, schema, mode) => {
      // The library refuses to register when the subject's mode differs from the one it is given, and
      // Apicurio's global default is NONE: set the mode first so both agree.
      await http.setCompatibility(subject, mode);
      try {
        const { id } = await library.register(
          { type: SchemaType.AVRO, schema },
          { subject, compatibility: COMPATIBILITY[mode] },
        );
        return id;
      } catch (error) {
        if (statusOf(error) === 409) {
          throw new OrderflowError(
            'SCHEMA_INCOMPATIBLE',
            `The registry refused the new schema for ${subject} (${(error as Error).message}); run \`orderflow schemas check\` for the field at fault.`,
            {
              context: { subject, mode },
              cause: error,
            },
          );
        }
        throw unavailable(url, error);
      }
    },

    schemaOfVersion: async (subject, version) => {
      const id = await library.getRegistryId(subject, version).catch((error: unknown) => {
        throw unavailable(url, error);
      });
      return asAvroType(await library.getSchema(id), id);
    },

    schemaById: async (id) => {
      try {
        return asAvroType(await library.getSchema(id), id);
      } catch (error) {
        if (error instanceof OrderflowError) throw error;
        if (statusOf(error) === 404) {
          throw new OrderflowError(
            'SCHEMA_ID_UNKNOWN',
            `Schema id ${id} is not in the registry at ${url}; the message was written against another registry or its schema was deleted.`,
            {
              context: { schemaId: id },
              cause: error,
            },
          );
        }
        throw unavailable(url, error);
      }
    },
  };
};
