import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse } from 'yaml';
import { z } from 'zod';

import { OrderflowError } from '@orderflow/errors';

import type { ConnectorConfig } from './connect-client';

/** A connector as declared in `connectors/<name>.yaml`, placeholders not yet filled in. */
export interface ConnectorDefinition {
  name: string;
  file: string;
  config: ConnectorConfig;
}

const definitionSchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a lower-case name'),
  config: z.record(z.string(), z.string()),
});

const invalid = (file: string, problem: string): OrderflowError =>
  new OrderflowError('CONFIG_INVALID', `${file}: ${problem}`, { context: { file } });

/** Every `*.yaml` of the folder, by name; a file that is not a valid definition stops the load. */
export const loadConnectorDefinitions = (dir: string): ConnectorDefinition[] =>
  readdirSync(dir)
    .filter((entry) => entry.endsWith('.yaml'))
    .sort()
    .map((entry) => {
      const file = join(dir, entry);
      const parsed = definitionSchema.safeParse(parse(readFileSync(file, 'utf8')));
      if (!parsed.success) {
        throw invalid(file, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      }
      if (`${parsed.data.name}.yaml` !== entry) throw invalid(file, `name must be the file's name`);
      return { file, ...parsed.data };
    });

// {{NAME}}: ours. Connect's own `${…}` (the router's ${routedByValue}, config providers) is left alone.
const PLACEHOLDER = /\{\{([A-Z][A-Z0-9_]*)\}\}/g;

/**
 * Fills in every `{{NAME}}` from `values`. A placeholder without a value is an error naming it, never
 * an empty string sent to the worker.
 */
export const renderConnectorConfig = (
  definition: ConnectorDefinition,
  values: Readonly<Record<string, string>>,
): ConnectorConfig => {
  const missing = new Set<string>();
  const config = Object.fromEntries(
    Object.entries(definition.config).map(([key, value]) => [
      key,
      value.replace(PLACEHOLDER, (_, name: string) => {
        const filled = values[name];
        if (filled === undefined) missing.add(name);
        return filled ?? '';
      }),
    ]),
  );
  if (missing.size > 0) {
    throw invalid(definition.file, `no value for ${[...missing].map((name) => `{{${name}}}`).join(', ')}`);
  }
  return config;
};

/** The placeholders a DATABASE_URL (postgres://user:password@host:port/database) fills in. */
export const databasePlaceholders = (databaseUrl: string): Record<string, string> => {
  const url = new URL(databaseUrl);
  return {
    DATABASE_HOST: url.hostname,
    DATABASE_PORT: url.port === '' ? '5432' : url.port,
    DATABASE_USER: decodeURIComponent(url.username),
    DATABASE_PASSWORD: decodeURIComponent(url.password),
    DATABASE_NAME: decodeURIComponent(url.pathname.replace(/^\//, '')),
  };
};
