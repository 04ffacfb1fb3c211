import type { Workspace } from './workspace-imports';

/** Folders whose packages sit above the libraries: a `libs/*` package may neither depend on nor import them. */
const ABOVE_LIBRARIES = /^(producers|consumers|tools)\/|^(e2e|bench)$/;

const INTERNAL = '@orderflow/';

/** A library reaching up to a service, a tool, the end-to-end workspace or the benchmark. */
export const upwardEdges = (workspaces: Workspace[]): string[] => {
  const dirOf = new Map(workspaces.map((workspace) => [workspace.name, workspace.dir]));
  return workspaces
    .filter((workspace) => workspace.dir.startsWith('libs/'))
    .flatMap((workspace) => {
      const used = [
        ...workspace.dependencies,
        ...workspace.devDependencies,
        ...workspace.runtimeImports.keys(),
        ...workspace.testImports.keys(),
      ];
      return [...new Set(used)]
        .filter((name) => ABOVE_LIBRARIES.test(dirOf.get(name) ?? ''))
        .map((name) => `${workspace.name} (${workspace.dir}) uses ${name} (${dirOf.get(name)})`);
    });
};

/** Imports a package.json does not declare: shipped code needs `dependencies`, tests either list. */
export const undeclaredImports = (workspaces: Workspace[]): string[] =>
  workspaces.flatMap((workspace) => {
    const runtime = new Set(workspace.dependencies);
    const any = new Set([...workspace.dependencies, ...workspace.devDependencies]);
    return [
      ...[...workspace.runtimeImports]
        .filter(([name]) => !runtime.has(name))
        .map(([name, file]) => `${workspace.name}: ${file} imports ${name}, not in "dependencies"`),
      ...[...workspace.testImports]
        .filter(([name]) => !any.has(name))
        .map(
          ([name, file]) =>
            `${workspace.name}: ${file} imports ${name}, not in "dependencies" or "devDependencies"`,
        ),
    ];
  });

/** The shared test kit: the one package a library's tests may use even though the kit is built on that library. */
export const TEST_KIT = '@orderflow/testing';

/** A package's declared `@orderflow/*` edges: what ships with it, and what only its tests use. */
export interface DeclaredEdges {
  dependencies: string[];
  devDependencies: string[];
}

export const declaredGraph = (workspaces: Workspace[]): Map<string, DeclaredEdges> => {
  const internal = (names: string[]) => names.filter((name) => name.startsWith(INTERNAL)).sort();
  return new Map(
    workspaces.map((workspace) => [
      workspace.name,
      {
        dependencies: internal(workspace.dependencies),
        devDependencies: internal(workspace.devDependencies),
      },
    ]),
  );
};

/**
 * The edges that must not form a cycle: every declared edge, except a devDependency on the test kit. The
 * kit builds on config, contracts, registry, topics and inspect, and their own integration tests use the
 * kit; that test-only edge back is the one loop allowed (Nest's packages and @nestjs/testing live the
 * same way). A cycle through anything else, or through the kit's `dependencies`, still fails.
 */
export const edgesThatMustNotCycle = (graph: Map<string, DeclaredEdges>): Map<string, string[]> =>
  new Map(
    [...graph].map(([name, edges]) => [
      name,
      [...edges.dependencies, ...edges.devDependencies.filter((need) => need !== TEST_KIT)],
    ]),
  );

/** Each cycle found by a depth-first walk, written `a → b → a`. */
export const cycles = (graph: Map<string, string[]>): string[] => {
  const found: string[] = [];
  const done = new Set<string>();
  const visit = (name: string, path: string[]): void => {
    const at = path.indexOf(name);
    if (at >= 0) {
      found.push([...path.slice(at), name].join(' → '));
      return;
    }
    if (done.has(name)) return;
    for (const next of graph.get(name) ?? []) visit(next, [...path, name]);
    done.add(name);
  };
  for (const name of graph.keys()) visit(name, []);
  return found;
};

const short = (names: string[]): string => names.map((name) => name.slice(INTERNAL.length)).join(', ');

/** One line per package: `@orderflow/x → a, b | tests: c`. */
export const printGraph = (graph: Map<string, DeclaredEdges>): string =>
  [...graph]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, { dependencies, devDependencies }]) => {
      const tests = devDependencies.length > 0 ? ` | tests: ${short(devDependencies)}` : '';
      return `  ${name} → ${short(dependencies) || '(none)'}${tests}`;
    })
    .join('\n');
