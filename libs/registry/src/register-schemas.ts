import { subjectName } from '@orderflow/contracts';
import type { SchemaCatalog } from '@orderflow/contracts';

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
    await client.setCompatibility(subject, mode);
    const ids: number[] = [];
    const registered: number[] = [];
    for (const { version, text } of versions) {
      const existing = await client.findSchemaId(subject, text);
      if (existing !== undefined) {
        ids.push(existing);
        continue;
      }
      ids.push(await client.register(subject, text, mode));
      registered.push(version);
    }
    registrations.push({ topic, subject, mode, ids, registered });
  }
  return registrations;
};
