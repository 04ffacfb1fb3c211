import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

import { checkProtoBreaking, lintProtos } from './proto-breaking';
import { generateProtoTypes, generatedProtoTypesDir } from './proto-codegen';
import { ORDER_SERVICE_PROTO, protoDirs } from './proto-files';

const filesUnder = (dir: string): Map<string, string> => {
  const files = new Map<string, string>();
  const walk = (at: string): void => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(dir, path), readFileSync(path, 'utf8'));
    }
  };
  walk(dir);
  return files;
};

describe('the order service proto', () => {
  let scratch: string;
  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'orderflow-protos-'));
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  it('has its generated TypeScript types checked in and current (npm run codegen:proto)', () => {
    generateProtoTypes(scratch);
    const fresh = filesUnder(scratch);
    const checkedIn = filesUnder(generatedProtoTypesDir());
    expect([...checkedIn.keys()].sort()).toEqual([...fresh.keys()].sort());
    for (const [file, content] of fresh)
      expect({ file, content: checkedIn.get(file) }).toEqual({ file, content });
  });

  it('passes buf lint and is compatible with the released copy', () => {
    expect(lintProtos()).toEqual({ ok: true, findings: [] });
    expect(checkProtoBreaking()).toEqual({ ok: true, findings: [] });
  });

  it.each([
    ['a renumbered field', 'string reason = 3;', 'string reason = 13;', /reason/],
    ['a changed field type', 'int32 quantity = 2;', 'int64 quantity = 2;', /quantity.*type|type.*quantity/],
    ['a removed field', '  string currency = 6;\n', '', /currency|"6"/],
    ['a removed RPC', /\s+\/\/ The order's status view\.\n\s+rpc GetOrder[^\n]+\n/, '\n', /GetOrder/],
  ])('refuses a breaking edit: %s', (_name, from, to, finding) => {
    const edited = join(scratch, 'protos');
    cpSync(protoDirs().protos, edited, { recursive: true });
    const file = join(edited, ORDER_SERVICE_PROTO);
    const before = readFileSync(file, 'utf8');
    const after = before.replace(from, to);
    expect(after).not.toEqual(before);
    writeFileSync(file, after);

    const result = checkProtoBreaking(edited);

    expect(result.ok).toBe(false);
    expect(result.findings.join('\n')).toMatch(finding);
  });
});
