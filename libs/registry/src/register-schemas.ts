import { setTimeout as delay } from 'node:timers/promises';

import { subjectName } from '@orderflow/contracts';
import type { SchemaCatalog } from '@orderflow/contracts';
import { isOrderflowError } from '@orderflow/errors';

import { modeOf } from './compatibility-mode';
import type { CompatibilityMode, CompatibilityModes } from './compatibility-mode';
import type { RegistryClient } from './registry-client';

export interface SubjectRegistration {
  topic: string;
  subject: string;
  mode: CompatibilityMode;
  /** Registry id of each local version, oldest first. */
  ids: number[];
  /** Local versions this call registered; empty when the registry already had them all. */
  registered: number[];
}

export interface RegisterSchemasOptions {
  client: RegistryClient;
  catalog: SchemaCatalog;
  /** Prepended to every topic's subject; tests use a unique one so they never touch real subjects. */
  topicPrefix?: string;
  /** Per-topic modes; others use BACKWARD_TRANSITIVE. */
  modes?: CompatibilityModes;
  /** Only these topics (default: every topic in the catalog). */
  topics?: string[];
}

/** Attempts per registry call, and the pause between them: a registry that only answers slowly gets time. */
const REGISTRY_ATTEMPTS = 3;
const RETRY_PAUSE_MS = 1_000;

/**
 * Runs one registry call, again after a retriable failure (a timeout, a 5xx): every call here is safe to
 * repeat, since a version the registry already has is found or answered with its id. Apicurio stores
 * schemas through Kafka, so a write can take longer than one call's timeout on a busy broker.
 */
const withRetries = async <T>(call: () => Promise<T>): Promise<T> => {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (!isOrderflowError(error) || !error.retriable || attempt >= REGISTRY_ATTEMPTS) throw error;
      await delay(RETRY_PAUSE_MS);
    }
  }
};

/**
 * Sets each subject's compatibility mode and registers its local versions in order, skipping those the
 * registry already has, so running it again registers nothing. A refused version raises
 * SCHEMA_INCOMPATIBLE and leaves later versions and topics unregistered.
 */
export const registerSchemas = async ({
  client,
  catalog,
  topicPrefix = '',
  modes,
  topics,
}: RegisterSchemasOptions): Promise<SubjectRegistration[]> => {
  const contracts = topics?.map((topic) => catalog.get(topic)) ?? catalog.contracts;
  const registrations: SubjectRegistration[] = [];
  for (const { topic, versions } of contracts) {
    const subject = subjectName(topic, topicPrefix);
    const mode = modeOf(modes, topic);
    await withRetries(() => client.setCompatibility(subject, mode));
    const ids: number[] = [];
    const registered: number[] = [];
    for (const { version, text } of versions) {
      const existing = await withRetries(() => client.findSchemaId(subject, text));
      if (existing !== undefined) {
        ids.push(existing);
        continue;
      }
      ids.push(await withRetries(() => client.register(subject, text, mode)));
      registered.push(version);
    }
    registrations.push({ topic, subject, mode, ids, registered });
  }
  return registrations;
};
