import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { projectPaths } from '@orderflow/config';

import type { GeneratedFile } from './typescript-codegen';

/** Where the committed generated modules live: in the sources, even when this code runs from dist/. */
export const generatedDir = (): string => join(projectPaths().root, 'libs', 'contracts', 'src', 'generated');

const existingModules = (outDir: string): string[] =>
  existsSync(outDir) ? readdirSync(outDir).filter((name) => name.endsWith('.ts')) : [];

/** Names of files that differ from, are missing from, or should no longer be in `outDir`. */
export const findStaleGeneratedFiles = ({
  files,
  outDir = generatedDir(),
}: {
  files: GeneratedFile[];
  outDir?: string;
}): string[] => {
  const wanted = new Set(files.map(({ name }) => name));
  const changed = files
    .filter(
      ({ name, content }) =>
        !existsSync(join(outDir, name)) || readFileSync(join(outDir, name), 'utf8') !== content,
    )
    .map(({ name }) => name);
  const leftover = existingModules(outDir).filter((name) => !wanted.has(name));
  return [...changed, ...leftover].sort();
};

/** Writes the generated modules and removes ones whose schema folder is gone; returns what changed. */
export const writeGeneratedFiles = ({
  files,
  outDir = generatedDir(),
}: {
  files: GeneratedFile[];
  outDir?: string;
}): string[] => {
  const stale = findStaleGeneratedFiles({ files, outDir });
  mkdirSync(outDir, { recursive: true });
  const wanted = new Set(files.map(({ name }) => name));
  for (const name of existingModules(outDir)) if (!wanted.has(name)) rmSync(join(outDir, name));
  for (const { name, content } of files) writeFileSync(join(outDir, name), content);
  return stale;
};
