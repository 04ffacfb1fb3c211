import { join } from 'node:path';

import {
  cycles,
  declaredGraph,
  edgesThatMustNotCycle,
  printGraph,
  undeclaredImports,
  upwardEdges,
} from './package-graph/graph-rules';
import { readWorkspaces } from './package-graph/workspace-imports';

// The package graph points one way: services and tools sit on libraries, libraries never reach up.
// Every workspace declares what its files import, so the graph npm, tsc -b and this test see is the real one
// (tsconfig paths and Jest's moduleNameMapper would resolve an undeclared import anyway and hide it).

const workspaces = readWorkspaces(join(__dirname, '..'));
const graph = declaredGraph(workspaces);
const explain = (problems: string[]): string =>
  `${problems.join('\n')}\n\nThe declared graph (package → the @orderflow packages it ships with | its tests use):\n${printGraph(graph)}`;

describe('the package graph', () => {
  it('finds every workspace', () => {
    expect(workspaces.map((workspace) => workspace.dir)).toEqual(
      expect.arrayContaining([
        'libs/testing',
        'tools/stack',
        'producers/order-api',
        'consumers/inventory',
        'e2e',
        'bench',
      ]),
    );
  });

  it('has no library depending on or importing a service, a tool, e2e or bench', () => {
    const problems = upwardEdges(workspaces);
    if (problems.length > 0) throw new Error(explain(problems));
  });

  it('has every imported package declared in the importing package.json', () => {
    const problems = undeclaredImports(workspaces);
    if (problems.length > 0) throw new Error(explain(problems));
  });

  it("has no cycle among declared dependencies (a library's tests may use the test kit)", () => {
    const problems = cycles(edgesThatMustNotCycle(graph)).map((cycle) => `cycle: ${cycle}`);
    if (problems.length > 0) throw new Error(explain(problems));
  });
});
