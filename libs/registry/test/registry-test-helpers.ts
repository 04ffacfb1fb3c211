import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { projectPaths } from '@orderflow/config';
import { loadSchemaCatalog, subjectName } from '@orderflow/contracts';
import type { SchemaCatalog } from '@orderflow/contracts';
import { createRegistryClient } from '@orderflow/registry';
import type { RegistryClient } from '@orderflow/registry';
import { createTestNamespace } from '@orderflow/testing';

/**
 * A client plus a namespace no other test or run uses, so tests can run in parallel and never touch real
 * subjects; `cleanup` deletes every subject made under the prefix.
 */
export const registryTestContext = (): {
  client: RegistryClient;
  topicPrefix: string;
  cleanup: () => Promise<void>;
} => {
  const namespace = createTestNamespace('registry');
  return {
    client: createRegistryClient({ url: namespace.settings.schemaRegistryUrl }),
    topicPrefix: namespace.prefix,
    cleanup: () => namespace.cleanup(),
  };
};

/** A catalog of the real order.created v1 plus one fixture as v2. */
export const orderCreatedCatalog = (v2Fixture?: 'v2-incompatible' | 'v2-compatible'): SchemaCatalog => {
  const schemasDir = join(mkdtempSync(join(tmpdir(), 'registry-it-')), 'schemas');
  const dir = join(schemasDir, 'order.created');
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(projectPaths().schemasDir, 'order.created', 'v1.avsc'), join(dir, 'v1.avsc'));
  if (v2Fixture)
    copyFileSync(join(__dirname, 'fixtures', 'order.created', `${v2Fixture}.avsc`), join(dir, 'v2.avsc'));
  return loadSchemaCatalog({ schemasDir });
};

export const orderCreatedSubject = (topicPrefix: string): string => subjectName('order.created', topicPrefix);
