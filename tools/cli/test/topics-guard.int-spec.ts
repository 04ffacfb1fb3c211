import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createTestNamespace, type TestNamespace } from '@orderflow/testing';

import { orderflow } from './cli-test-kit';

const topicsFile = (retentionMs: number): string => `
defaults: { partitions: 1, configs: { cleanup.policy: delete, retention.ms: ${retentionMs} } }
environments: { local: { replicationFactor: 1, configs: { min.insync.replicas: 1 } } }
derived: { retry: { configs: { retention.ms: 86400000 } }, dlq: { configs: { retention.ms: 86400000 } } }
groups: { payment: { service: consumers/payment, retry: [1s] } }
topics:
  inventory.reserved: { owner: consumers/inventory, key: orderId, consumers: [payment] }
`;

describe('orderflow topics apply: a retention cut needs --allow-destructive (F11f)', () => {
  let namespace: TestNamespace;
  let dir: string;

  beforeAll(() => {
    namespace = createTestNamespace('topics-guard');
    dir = mkdtempSync(join(tmpdir(), 'topics-guard-'));
  });

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await namespace.cleanup();
  });

  const apply = (retentionMs: number, ...flags: string[]) => {
    const file = join(dir, `topics-${retentionMs}.yaml`);
    writeFileSync(file, topicsFile(retentionMs));
    return orderflow('topics', 'apply', '--file', file, '--topic-prefix', namespace.prefix, ...flags);
  };

  it('refuses the cut naming what it deletes, applies nothing, and applies it with the flag', async () => {
    expect((await apply(86_400_000)).code).toBe(0);

    const refused = await apply(3_600_000);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(
      /! refused \S+inventory\.reserved: retention\.ms 1 d → 1 h deletes every record older than 1 h/,
    );
    expect(refused.stderr).toMatch(/nothing was applied\. 1 of them delete records.*--allow-destructive/);
    // Applying nothing means the next plan still sees the cut.
    expect((await apply(3_600_000)).code).toBe(1);

    const allowed = await apply(3_600_000, '--allow-destructive');
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toMatch(/! destructive, allowed by --allow-destructive: \S+inventory\.reserved/);
    expect((await apply(3_600_000)).stdout).toMatch(/Nothing to apply\./);
  });
});
