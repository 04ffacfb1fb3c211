import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { projectPaths } from '@orderflow/config';
import { createTestNamespace, type TestNamespace } from '@orderflow/testing';

import { orderflow } from './cli-test-kit';

type V3Fixture = 'v3-changed-type' | 'v3-removed-field';

// `orderflow schemas check` against the real registry: order.created v1 and v2 (this checkout's) are
// registered under a unique prefix, then a proposed v3 is checked. The registry's verdict decides; the
// reasons name the fields (Apicurio itself answers only true or false).
describe('orderflow schemas check refuses an incompatible order.created v3', () => {
  let namespace: TestNamespace;
  let dir: string;

  beforeAll(async () => {
    namespace = createTestNamespace('schemas-check');
    dir = mkdtempSync(join(tmpdir(), 'schemas-check-'));
    const registered = schemasDir('registered');
    const register = await orderflow(...args(registered, 'register'));
    expect(register).toMatchObject({ code: 0 });
  });

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await namespace.cleanup();
  });

  /** A schemas/ folder with this checkout's order.created v1 and v2, plus a v3 fixture if given. */
  const schemasDir = (name: string, v3?: V3Fixture): string => {
    const topicDir = join(dir, name, 'order.created');
    mkdirSync(topicDir, { recursive: true });
    for (const version of ['v1', 'v2']) {
      copyFileSync(
        join(projectPaths().schemasDir, 'order.created', `${version}.avsc`),
        join(topicDir, `${version}.avsc`),
      );
    }
    if (v3)
      copyFileSync(join(__dirname, 'fixtures', 'order.created', `${v3}.avsc`), join(topicDir, 'v3.avsc'));
    return join(dir, name);
  };

  const args = (schemas: string, command: 'check' | 'register', ...flags: string[]): string[] => [
    'schemas',
    command,
    '--schemas-dir',
    schemas,
    '--topic-prefix',
    namespace.prefix,
    '--topic',
    'order.created',
    ...flags,
  ];

  it('names the field whose type changed (long to string), against every registered version, and exits 1', async () => {
    const { code, stdout } = await orderflow(...args(schemasDir('changed-type', 'v3-changed-type'), 'check'));

    expect(code).toBe(1);
    expect(stdout).toMatch(/order\.created-value\s+BACKWARD_TRANSITIVE\s+incompatible\s+v3/);
    expect(stdout).toContain(
      'v3.avsc cannot read data written with registered version 1: OrderCreated.totalCents',
    );
    expect(stdout).toContain(
      'v3.avsc cannot read data written with registered version 2: OrderCreated.totalCents',
    );
  });

  it('lets a removed field pass BACKWARD_TRANSITIVE (new readers ignore it) but refuses it under FULL_TRANSITIVE, naming it', async () => {
    const removed = schemasDir('removed-field', 'v3-removed-field');
    const backward = await orderflow(...args(removed, 'check'));
    expect(backward.code).toBe(0);
    expect(backward.stdout).toMatch(/order\.created-value\s+BACKWARD_TRANSITIVE\s+compatible\s+v3/);

    const full = await orderflow(...args(removed, 'check', '--compatibility', 'FULL_TRANSITIVE'));
    expect(full.code).toBe(1);
    expect(full.stdout).toContain('registered version 1 cannot read data written with');
    expect(full.stdout).toContain('field OrderCreated.customerId has no default');
  });
});
