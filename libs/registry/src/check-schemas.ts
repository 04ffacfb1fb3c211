import { subjectName } from '@orderflow/contracts';
import type { SchemaCatalog, SchemaVersion, TopicContract } from '@orderflow/contracts';

import { incompatibilityReasons } from './compatibility-reasons';
import type { LabelledSchema } from './compatibility-reasons';
import { modeOf } from './compatibility-mode';
import type { CompatibilityMode, CompatibilityModes } from './compatibility-mode';
import type { RegistryClient } from './registry-client';

export type SchemaCheckStatus = 'new' | 'unchanged' | 'compatible' | 'incompatible';

export interface SchemaCheckResult {
  topic: string;
  subject: string;
  mode: CompatibilityMode;
  status: SchemaCheckStatus;
  /** Local versions not yet registered (all of them for a new subject). */
  pending: number[];
  /** Why the change is incompatible, one line per failing pair of versions; empty otherwise. */
  reasons: string[];
  /** The mode the subject had before this check aligned it, when it differed. */
  previousMode?: CompatibilityMode | undefined;
}

export interface SchemaCheckOptions {
  client: RegistryClient;
  catalog: SchemaCatalog;
  /** Prepended to every topic's subject; tests use a unique one so they never touch real subjects. */
  topicPrefix?: string;
  /** Per-topic modes; others use BACKWARD_TRANSITIVE. */
  modes?: CompatibilityModes;
  /** Only these topics (default: every topic in the catalog). */
  topics?: string[];
}

const local = (version: SchemaVersion): LabelledSchema => ({ label: version.file, type: version.type });

/** Reasons local versions that are both unregistered break the mode between themselves. */
const pendingChainReasons = (
  mode: CompatibilityMode,
  pending: SchemaVersion[],
  registered: LabelledSchema[],
): string[] =>
  pending.slice(1).flatMap((version, index) =>
    incompatibilityReasons({
      mode,
      candidate: local(version),
      previous: [...registered, ...pending.slice(0, index + 1).map(local)],
    }),
  );

const checkSubject = async (
  { client, topicPrefix = '', modes }: SchemaCheckOptions,
  contract: TopicContract,
): Promise<SchemaCheckResult> => {
  const subject = subjectName(contract.topic, topicPrefix);
  const mode = modeOf(modes, contract.topic);
  const result = { topic: contract.topic, subject, mode };
  const registeredVersions = await client.listVersions(subject);
  if (registeredVersions.length === 0) {
    const reasons = pendingChainReasons(mode, contract.versions, []);
    const pending = contract.versions.map(({ version }) => version);
    return { ...result, status: reasons.length > 0 ? 'incompatible' : 'new', pending, reasons };
  }

  const ids = await Promise.all(
    contract.versions.map((version) => client.findSchemaId(subject, version.text)),
  );
  const pending = contract.versions.filter((_version, index) => ids[index] === undefined);
  if (pending.length === 0) return { ...result, status: 'unchanged', pending: [], reasons: [] };

  // The registry judges under the subject's configured mode (Apicurio's global default is NONE), so align it first.
  const current = await client.getCompatibility(subject);
  if (current !== mode) await client.setCompatibility(subject, mode);
  const previousMode = current !== mode ? current : undefined;

  const registered = await Promise.all(
    registeredVersions.map(async (version) => ({
      label: `registered version ${version}`,
      type: await client.schemaOfVersion(subject, version),
    })),
  );
  const reasons: string[] = [];
  for (const version of pending) {
    // The registry's verdict is authoritative; the local resolver only explains it (Apicurio gives no reason).
    if (await client.testCompatibility(subject, version.text)) continue;
    const explained = incompatibilityReasons({ mode, candidate: local(version), previous: registered });
    reasons.push(
      ...(explained.length > 0
        ? explained
        : [`${version.file} is incompatible under ${mode} according to the registry, which gave no details`]),
    );
  }
  reasons.push(...pendingChainReasons(mode, pending, registered));
  const status = reasons.length > 0 ? 'incompatible' : 'compatible';
  return { ...result, status, pending: pending.map(({ version }) => version), reasons, previousMode };
};

/**
 * Compares every topic's local versions with the registry: new subject, unchanged, or compatible /
 * incompatible under the subject's mode. Registers nothing; callers fail when any result is incompatible.
 */
export const checkSchemas = async (options: SchemaCheckOptions): Promise<SchemaCheckResult[]> => {
  const contracts = options.topics?.map((topic) => options.catalog.get(topic)) ?? options.catalog.contracts;
  const results: SchemaCheckResult[] = [];
  for (const contract of contracts) results.push(await checkSubject(options, contract));
  return results;
};
