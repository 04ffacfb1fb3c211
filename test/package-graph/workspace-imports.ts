import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';

/** One workspace as the graph rules see it: what it declares and what its files import. */
export interface Workspace {
  name: string;
  /** Folder relative to the repository root: `libs/kafka`, `e2e`. */
  dir: string;
  dependencies: string[];
  devDependencies: string[];
  /** Packages imported by shipped code (`src`, not specs): these must be `dependencies`. */
  runtimeImports: Map<string, string>;
  /** Packages imported only by specs and `test/`: `dependencies` or `devDependencies`. */
  testImports: Map<string, string>;
}

const SPECIFIER = /(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;
const BUILTINS = new Set(builtinModules);

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`; relative paths and Node built-ins → undefined. */
export const packageOf = (specifier: string): string | undefined => {
  if (specifier.startsWith('.') || specifier.startsWith('node:') || BUILTINS.has(specifier.split('/')[0]!)) {
    return undefined;
  }
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
};

export const importedPackages = (source: string): string[] =>
  [...source.matchAll(SPECIFIER)].map((match) => packageOf(match[1]!)).filter((name) => name !== undefined);

const sourceFiles = (dir: string): string[] =>
  !existsSync(dir)
    ? []
    : readdirSync(dir).flatMap((entry) => {
        const path = join(dir, entry);
        if (entry === 'node_modules' || entry === 'dist') return [];
        if (statSync(path).isDirectory()) return sourceFiles(path);
        return /\.(ts|cts|mts|js|cjs|mjs)$/.test(entry) && !entry.endsWith('.d.ts') ? [path] : [];
      });

const workspaceDirs = (root: string, patterns: string[]): string[] =>
  patterns.flatMap((pattern) =>
    pattern.endsWith('/*')
      ? readdirSync(join(root, pattern.slice(0, -2)))
          .map((entry) => `${pattern.slice(0, -2)}/${entry}`)
          .filter((dir) => existsSync(join(root, dir, 'package.json')))
      : [pattern],
  );

/** Every workspace the root package.json lists, with its declarations and the imports of its files. */
export const readWorkspaces = (root: string): Workspace[] => {
  const { workspaces } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    workspaces: string[];
  };
  return workspaceDirs(root, workspaces).map((dir) => {
    const manifest = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as {
      name: string;
      dependencies?: Record<string, string>;
      devDependencies?: Record<string, string>;
    };
    const runtimeImports = new Map<string, string>();
    const testImports = new Map<string, string>();
    for (const file of [...sourceFiles(join(root, dir, 'src')), ...sourceFiles(join(root, dir, 'test'))]) {
      const path = relative(root, file);
      const shipped = path.startsWith(`${dir}/src/`) && !/\.(int-)?spec\.ts$/.test(path);
      for (const name of importedPackages(readFileSync(file, 'utf8'))) {
        if (name === manifest.name) continue;
        const imports = shipped ? runtimeImports : testImports;
        if (!imports.has(name)) imports.set(name, path);
      }
    }
    return {
      name: manifest.name,
      dir,
      dependencies: Object.keys(manifest.dependencies ?? {}),
      devDependencies: Object.keys(manifest.devDependencies ?? {}),
      runtimeImports,
      testImports,
    };
  });
};
