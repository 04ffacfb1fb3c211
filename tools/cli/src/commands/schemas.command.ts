import type { Command } from 'commander';

import { resolveConnectionSettings } from '@orderflow/config';
import {
  findStaleGeneratedFiles,
  generatedDir,
  generateTypescript,
  loadSchemaCatalog,
  writeGeneratedFiles,
} from '@orderflow/contracts';
import type { SchemaCatalog } from '@orderflow/contracts';
import { OrderflowError } from '@orderflow/errors';
import {
  checkSchemas,
  createRegistryClient,
  DEFAULT_COMPATIBILITY_MODE,
  parseCompatibilityMode,
  registerSchemas,
} from '@orderflow/registry';
import type { CompatibilityModes, SchemaCheckResult } from '@orderflow/registry';

import { renderTable } from '../output/render-table';

export interface RegistryCommandOptions {
  topicPrefix: string;
  compatibility: string;
  topic?: string[];
  json?: boolean;
  schemasDir?: string;
}

/** What checkSchemas and registerSchemas need, from the command line and the connection settings. */
const registryInputs = (options: RegistryCommandOptions) => {
  const catalog: SchemaCatalog = loadSchemaCatalog(
    options.schemasDir === undefined ? {} : { schemasDir: options.schemasDir },
  );
  const mode = parseCompatibilityMode(options.compatibility, '--compatibility');
  const modes: CompatibilityModes = Object.fromEntries(catalog.contracts.map(({ topic }) => [topic, mode]));
  const client = createRegistryClient({ url: resolveConnectionSettings().schemaRegistryUrl });
  return { client, catalog, modes, topicPrefix: options.topicPrefix, topics: options.topic };
};

const checkRows = (results: SchemaCheckResult[]): string[][] =>
  results.map((result) => [
    result.subject,
    result.mode + (result.previousMode ? ` (was ${result.previousMode})` : ''),
    result.status,
    result.pending.length > 0 ? result.pending.map((version) => `v${version}`).join(',') : '-',
  ]);

/** `orderflow schemas register`: set each subject's mode and register missing versions. Idempotent. */
export const registerAllSchemas = async (options: RegistryCommandOptions): Promise<void> => {
  const registrations = await registerSchemas(registryInputs(options));
  if (options.json) {
    console.log(JSON.stringify(registrations, null, 2));
    return;
  }
  const rows = registrations.map(({ subject, mode, ids, registered }) => [
    subject,
    mode,
    ids.join(','),
    registered.length > 0 ? registered.map((version) => `v${version}`).join(',') : '-',
  ]);
  console.log(renderTable(['SUBJECT', 'MODE', 'IDS', 'REGISTERED NOW'], rows));
};

const withRegistryOptions = (command: Command): Command =>
  command
    .option('--topic-prefix <prefix>', 'prefix of every subject, <prefix><topic>-value', '')
    .option('--compatibility <mode>', 'compatibility mode of every subject', DEFAULT_COMPATIBILITY_MODE)
    .option('--topic <topic...>', 'only these topics (default: every folder under schemas/)')
    .option('--schemas-dir <dir>', "the contracts to check or register (default: this checkout's schemas/)")
    .option('--json', 'print JSON instead of a table');

export const registerSchemasCommands = (program: Command): void => {
  const schemas = program
    .command('schemas')
    .description('Avro contracts in schemas/ and the schema registry.');

  withRegistryOptions(
    schemas
      .command('check')
      .description(
        'Compare schemas/ with the registry without registering; exits 1 on an incompatible change.',
      ),
  ).action(async (options: RegistryCommandOptions) => {
    const inputs = registryInputs(options);
    const results = await checkSchemas(inputs);
    if (options.json) console.log(JSON.stringify(results, null, 2));
    else console.log(renderTable(['SUBJECT', 'MODE', 'STATUS', 'PENDING'], checkRows(results)));
    const incompatible = results.filter((result) => result.status === 'incompatible');
    for (const result of incompatible)
      for (const reason of result.reasons) console.log(`${result.subject}: ${reason}`);
    if (incompatible.length > 0) {
      throw new OrderflowError(
        'SCHEMA_INCOMPATIBLE',
        `${incompatible.length} subject(s) would break their compatibility mode; add defaults or a new topic instead.`,
        { context: { subjects: incompatible.map((result) => result.subject) } },
      );
    }
  });

  withRegistryOptions(
    schemas
      .command('register')
      .description(
        'Set each subject’s compatibility mode and register missing versions in order. Idempotent.',
      ),
  ).action(registerAllSchemas);

  schemas
    .command('codegen')
    .description('Generate TypeScript types from schemas/ into libs/contracts/src/generated.')
    .option('--check', 'write nothing; exit 1 if the generated files are stale')
    .action((options: { check?: boolean }) => {
      const files = generateTypescript({ catalog: loadSchemaCatalog() });
      if (options.check) {
        const stale = findStaleGeneratedFiles({ files });
        if (stale.length > 0) {
          throw new OrderflowError(
            'SCHEMA_INVALID',
            `Generated types are stale (${stale.join(', ')}); run \`npm run codegen\`.`,
            {
              context: { stale },
            },
          );
        }
        console.log('generated types are up to date');
        return;
      }
      const changed = writeGeneratedFiles({ files });
      console.log(
        `${generatedDir()}: ${changed.length > 0 ? `updated ${changed.join(', ')}` : 'up to date'}`,
      );
    });
};
