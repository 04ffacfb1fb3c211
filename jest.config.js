// Two tiers, run together by `npm test`:
//  - unit: colocated src/**/*.spec.ts, pure logic, no servers;
//  - integration: <package>/test/**/*.int-spec.ts against the real stack (Kafka KRaft, schema registry,
//    Redis) that test/global-setup.ts resolves once: env vars, else testcontainers, else the embedded stack.
// Workspace imports (@orderflow/x) resolve to sources through tsconfig.json's paths, so tests never need
// a build; swc strips types (the type check is `npm run typecheck`, part of `npm run lint`).
const { readFileSync } = require('node:fs');

const { paths } = JSON.parse(readFileSync(`${__dirname}/tsconfig.json`, 'utf8')).compilerOptions;
const moduleNameMapper = Object.fromEntries(
  Object.entries(paths).map(([alias, [target]]) => [
    `^${alias}$`,
    `<rootDir>/${target.replace(/^\.\//, '')}`,
  ]),
);

const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
      },
      module: { type: 'commonjs' },
    },
  ],
};

const workspaces = '<rootDir>/{libs,tools,producers,consumers}/*';
// The embedded stack's data (.stack/) is no source: PostgreSQL's logical decoding keeps `*.snap` files
// there, which Jest would otherwise report as obsolete snapshots.
const modulePathIgnorePatterns = ['<rootDir>/.stack/'];

module.exports = {
  projects: [
    {
      displayName: 'unit',
      rootDir: __dirname,
      testMatch: [
        `${workspaces}/src/**/*.spec.ts`,
        '<rootDir>/e2e/src/**/*.spec.ts',
        '<rootDir>/bench/src/**/*.spec.ts',
        '<rootDir>/chaos/src/**/*.spec.ts',
        '<rootDir>/test/**/*.spec.ts',
      ],
      transform,
      moduleNameMapper,
      modulePathIgnorePatterns,
    },
    {
      displayName: 'integration',
      rootDir: __dirname,
      testMatch: [
        `${workspaces}/test/**/*.int-spec.ts`,
        '<rootDir>/e2e/test/**/*.int-spec.ts',
        '<rootDir>/chaos/test/**/*.int-spec.ts',
        '<rootDir>/test/**/*.int-spec.ts',
      ],
      transform,
      moduleNameMapper,
      modulePathIgnorePatterns,
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/integration-timeout.ts'],
    },
  ],
};
