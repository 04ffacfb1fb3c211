import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { projectPaths } from '@orderflow/config';

import { loadTopicsFile } from './topics-file.loader';

// topics.yaml and schemas/ are declared separately; this keeps them describing the same topics.
// Derived retry/DLQ topics carry the source topic's records unchanged, so they have no schema of their own.
describe('topics.yaml and schemas/ agree', () => {
  const { schemasDir } = projectPaths();
  const declared = Object.keys(loadTopicsFile().topics).sort();
  const schemaFolders = readdirSync(schemasDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

  it('has a schemas/<topic>/v1.avsc for every declared topic', () => {
    expect(declared.filter((topic) => !existsSync(join(schemasDir, topic, 'v1.avsc')))).toEqual([]);
  });

  it('declares a topic in topics.yaml for every schemas/ folder', () => {
    expect(schemaFolders.filter((folder) => !declared.includes(folder))).toEqual([]);
  });
});
