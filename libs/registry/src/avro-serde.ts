import type { Resolver, Type } from 'avsc';

import { loadSchemaCatalog, subjectName } from '@orderflow/contracts';
import type { EventByTopic, SchemaCatalog, SchemaVersion, Topic, TopicContract } from '@orderflow/contracts';
import { OrderflowError } from '@orderflow/errors';

import { createAvroBodyGuard, type AvroBodyGuard } from './avro-body-guard';
import type { RegistryClient } from './registry-client';
import { decodeWireFormat, encodeWireFormat } from './wire-format';

/** A decoded message of a topic in the catalog, shaped by that topic's latest local schema. */
export type DecodedEvent = { [T in Topic]: { schemaId: number; topic: T; value: EventByTopic[T] } }[Topic];

/** A decoded message whose record belongs to no topic in the catalog, shaped by its writer schema. */
export interface DecodedUnknown {
  schemaId: number;
  topic: undefined;
  value: unknown;
}

export interface AvroSerde {
  /** Confluent wire format with the registry id of the topic's latest local schema. */
  encode<T extends Topic>(topic: T, value: EventByTopic[T]): Promise<Buffer>;
  decode(buffer: Buffer): Promise<DecodedEvent | DecodedUnknown>;
  /** Caches every registered local schema version (see `warm` in createAvroSerde); rejects if the registry fails. */
  warm(): Promise<SchemaWarmUp>;
}

/** What `warm` cached: ids known from then on without the registry, and local versions it does not hold. */
export interface SchemaWarmUp {
  warmed: number;
  /** `<subject> v<N>` of local versions not registered (a contract this deployment does not use). */
  unregistered: string[];
}

export interface AvroSerdeOptions {
  client: RegistryClient;
  /** Defaults to schemas/ of this checkout. */
  catalog?: SchemaCatalog;
  /** Prepended to every topic's subject, as with registerSchemas. */
  topicPrefix?: string;
}

interface Reader {
  topic: string | undefined;
  type: Type;
  resolver: Resolver | undefined;
  /** Bounds the decode of a body written with this id's schema; throws before avsc allocates. */
  guard: AvroBodyGuard;
}

const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export const createAvroSerde = ({
  client,
  catalog = loadSchemaCatalog(),
  topicPrefix = '',
}: AvroSerdeOptions): AvroSerde => {
  // Ids never change meaning within a registry, so both caches live as long as the serde.
  const idBySubject = new Map<string, Promise<number>>();
  const readerById = new Map<number, Promise<Reader>>();

  // Producers write the schema they were built with, not whatever is latest in the registry: a newer
  // registered version would expect fields this code does not set.
  const lookUpId = async (subject: string, text: string): Promise<number> => {
    const id = await client.findSchemaId(subject, text);
    if (id !== undefined) return id;
    // Retriable: nothing is wrong with the record being written. Either the registry is still replaying
    // its journal after a restart (Apicurio's KafkaSQL store answers ready before it has caught up; chaos
    // case 10 dead-lettered 280 good follow-ups that way) or the schema is registered after this service
    // started. Either way a later attempt succeeds, so the event waits in the retry tiers, not the DLQ.
    throw new OrderflowError(
      'SCHEMA_NOT_REGISTERED',
      `The latest local schema of ${subject} is not registered; run \`orderflow schemas register\`.`,
      { context: { subject }, retriable: true },
    );
  };

  const readerFor = async (schemaId: number): Promise<Reader> => {
    const writer = await client.schemaById(schemaId);
    const topic = catalog.topicOfRecord(writer.name ?? '');
    const guard = createAvroBodyGuard(writer);
    if (topic === undefined) return { topic, type: writer, resolver: undefined, guard };
    const reader = catalog.get(topic).latest.type;
    try {
      return { topic, type: reader, resolver: reader.createResolver(writer), guard };
    } catch (error) {
      throw new OrderflowError(
        'SCHEMA_INCOMPATIBLE',
        `Schema id ${schemaId} of ${topic} cannot be read with the local schema (${errorMessage(error)}); the registry holds a version this code does not know how to read.`,
        { context: { schemaId, topic }, cause: error },
      );
    }
  };

  const cached = <K, V>(cache: Map<K, Promise<V>>, key: K, load: () => Promise<V>): Promise<V> => {
    const hit = cache.get(key);
    if (hit) return hit;
    // A failed lookup is not cached: the schema may be registered by the next attempt.
    const loading = load().catch((error: unknown) => {
      cache.delete(key);
      throw error;
    });
    cache.set(key, loading);
    return loading;
  };

  /** A reader for a local version, as `readerFor` would build it from the registry's copy. */
  const localReader = (contract: TopicContract, version: SchemaVersion): Reader | undefined => {
    const reader = contract.latest.type;
    try {
      return {
        topic: contract.topic,
        type: reader,
        resolver: reader.createResolver(version.type),
        guard: createAvroBodyGuard(version.type),
      };
    } catch {
      // Left to the registry path, which reports SCHEMA_INCOMPATIBLE with its reason when a record comes.
      return undefined;
    }
  };

  /**
   * Looks up the id of every local version of every contract once (one registry call each) and caches it,
   * with a reader built from the local schema: records this code's producers write, in any local version,
   * then decode and encode without the registry. A registry outage after start costs nothing for them.
   */
  const warm = async (): Promise<SchemaWarmUp> => {
    const unregistered: string[] = [];
    let warmed = 0;
    const warmVersion = async (contract: TopicContract, version: SchemaVersion): Promise<void> => {
      const subject = subjectName(contract.topic, topicPrefix);
      const id = await client.findSchemaId(subject, version.text);
      if (id === undefined) {
        unregistered.push(`${subject} v${version.version}`);
        return;
      }
      if (version === contract.latest) idBySubject.set(subject, Promise.resolve(id));
      const reader = localReader(contract, version);
      if (reader !== undefined && !readerById.has(id)) readerById.set(id, Promise.resolve(reader));
      warmed++;
    };
    await Promise.all(
      catalog.contracts.flatMap((contract) =>
        contract.versions.map((version) => warmVersion(contract, version)),
      ),
    );
    return { warmed, unregistered: unregistered.sort() };
  };

  return {
    warm,
    encode: async (topic, value) => {
      const { latest } = catalog.get(topic);
      const invalidPaths: string[] = [];
      latest.type.isValid(value, { errorHook: (path) => invalidPaths.push(path.join('.') || '(root)') });
      if (invalidPaths.length > 0) {
        throw new OrderflowError(
          'EVENT_INVALID',
          `${topic} event does not match ${latest.file} at ${invalidPaths.join(', ')}.`,
          { context: { topic, paths: invalidPaths } },
        );
      }
      const subject = subjectName(topic, topicPrefix);
      const schemaId = await cached(idBySubject, subject, () => lookUpId(subject, latest.text));
      return encodeWireFormat(schemaId, latest.type.toBuffer(value));
    },

    decode: async (buffer) => {
      const { schemaId, body } = decodeWireFormat(buffer);
      const reader = await cached(readerById, schemaId, () => readerFor(schemaId));
      let value: unknown;
      try {
        reader.guard(body);
        value = reader.type.fromBuffer(body, reader.resolver);
      } catch (error) {
        throw new OrderflowError(
          'MESSAGE_UNDECODABLE',
          `Message body does not decode with schema id ${schemaId}${reader.topic ? ` (${reader.topic})` : ''}: ${errorMessage(error)}.`,
          { context: { schemaId, topic: reader.topic }, cause: error },
        );
      }
      return { schemaId, topic: reader.topic, value } as DecodedEvent | DecodedUnknown;
    },
  };
};
