import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

import type { Type } from 'avsc';

import { projectPaths } from '@orderflow/config';
import { OrderflowError } from '@orderflow/errors';

import { parseAvroSchema } from './avro-parse';
import { subjectName } from './subject-name';

/** One `schemas/<topic>/v<N>.avsc` file. */
export interface SchemaVersion {
  version: number;
  /** Path relative to the project root, for messages. */
  file: string;
  /** The schema as registered: compact JSON, so the same file always yields the same text. */
  text: string;
  type: Type;
}

/** Everything known about one topic's value contract. */
export interface TopicContract {
  topic: string;
  /** Unprefixed subject, `<topic>-value`. */
  subject: string;
  /** Oldest first, numbered 1..N without gaps. */
  versions: SchemaVersion[];
  latest: SchemaVersion;
}

export interface SchemaCatalog {
  /** Sorted by topic name. */
  contracts: TopicContract[];
  /** The contract of a topic; throws SCHEMA_NOT_REGISTERED naming the known topics when there is none. */
  get(topic: string): TopicContract;
  /** The topic whose latest schema's top-level record has this full name, if any. */
  topicOfRecord(fullName: string): string | undefined;
}

export interface LoadSchemaCatalogOptions {
  /** Defaults to the checkout's `schemas/`. */
  schemasDir?: string;
  /** Root that file names in messages are relative to; defaults to the schemas folder's parent. */
  root?: string;
}

const VERSION_FILE = /^v([1-9]\d*)\.avsc$/;

const invalid = (message: string, file: string, cause?: unknown): OrderflowError =>
  new OrderflowError('SCHEMA_INVALID', message, { context: { file }, cause });

const readVersion = (path: string, file: string, version: number): SchemaVersion => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw invalid(
      `${file} is not valid JSON (${String(error)}). Fix the file and run the command again.`,
      file,
      error,
    );
  }
  try {
    const type = parseAvroSchema(parsed);
    if (type.typeName !== 'record') throw new Error(`top-level type is ${type.typeName}, expected a record`);
    return { version, file, text: JSON.stringify(parsed), type };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw invalid(`${file} is not a valid Avro record schema: ${reason}.`, file, error);
  }
};

const readTopic = (schemasDir: string, root: string, topic: string): TopicContract => {
  const dir = join(schemasDir, topic);
  const names = readdirSync(dir).filter((name) => name.endsWith('.avsc'));
  const numbered = names.map((name) => {
    const match = VERSION_FILE.exec(name);
    if (!match?.[1]) {
      const file = relative(root, join(dir, name));
      throw invalid(`${file} is not named v<N>.avsc (N = 1, 2, ...).`, file);
    }
    return { name, version: Number(match[1]) };
  });
  numbered.sort((a, b) => a.version - b.version);
  numbered.forEach(({ version }, index) => {
    if (version !== index + 1) {
      const missing = relative(root, join(dir, `v${index + 1}.avsc`));
      throw invalid(
        `${missing} is missing: versions of ${topic} must be numbered 1..N without gaps.`,
        missing,
      );
    }
  });
  const versions = numbered.map(({ name, version }) =>
    readVersion(join(dir, name), relative(root, join(dir, name)), version),
  );
  const latest = versions.at(-1);
  if (!latest)
    throw invalid(
      `${relative(root, dir)} holds no v1.avsc; add one or remove the folder.`,
      relative(root, dir),
    );
  return { topic, subject: subjectName(topic), versions, latest };
};

/** Reads and parses every schema under schemas/; one topic per folder, the folder name is the topic. */
export const loadSchemaCatalog = (options: LoadSchemaCatalogOptions = {}): SchemaCatalog => {
  const schemasDir = options.schemasDir ?? projectPaths().schemasDir;
  const root = options.root ?? join(schemasDir, '..');
  if (!existsSync(schemasDir)) throw invalid(`No schemas folder at ${schemasDir}.`, schemasDir);
  const contracts = readdirSync(schemasDir)
    .filter((name) => statSync(join(schemasDir, name)).isDirectory())
    .sort()
    .map((topic) => readTopic(schemasDir, root, topic));

  return catalogOf(contracts);
};

/** A catalog over these contracts (sorted by topic); refuses two topics whose latest record shares a name. */
export const catalogOf = (contracts: TopicContract[]): SchemaCatalog => {
  const topicByRecord = new Map<string, string>();
  for (const { topic, latest } of contracts) {
    const fullName = latest.type.name ?? '';
    const other = topicByRecord.get(fullName);
    // Decoding finds a message's topic by its record name, so two topics may not share one.
    if (other !== undefined) {
      throw invalid(
        `${latest.file} reuses record ${fullName} of topic ${other}; give each event its own record.`,
        latest.file,
      );
    }
    topicByRecord.set(fullName, topic);
  }

  const byTopic = new Map(contracts.map((contract) => [contract.topic, contract]));
  return {
    contracts,
    get: (topic) => {
      const contract = byTopic.get(topic);
      if (contract) return contract;
      throw new OrderflowError(
        'SCHEMA_NOT_REGISTERED',
        `No schema for topic ${topic} under schemas/ (known: ${[...byTopic.keys()].join(', ')}).`,
        { context: { topic } },
      );
    },
    topicOfRecord: (fullName) => topicByRecord.get(fullName),
  };
};
