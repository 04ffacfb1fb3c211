import { randomBytes } from 'node:crypto';

import { createConnectClient } from '@orderflow/connect';
import { startOutboxRelay, sweepAbandonedTestRelays, type OutboxRelay } from '@orderflow/e2e';
import {
  dropDatabase,
  ensureDatabase,
  ensureLogicalReplicationSlot,
  listDatabases,
  replicationSlotLags,
  withDatabase,
} from '@orderflow/postgres';
import { createTestNamespace, uniqueName, type TestNamespace } from '@orderflow/testing';

// The run's PostgreSQL and Connect worker, as test/global-setup.ts sweeps them before every run.
const HOOK_TIMEOUT_MS = 180_000;
const THREE_HOURS_MS = 3 * 3_600_000;

/** A name as `uniqueName` minted it `agoMs` ago, in a database's spelling. */
const databaseMinted = (label: string, agoMs: number): string =>
  `t_of_${label}_${(Date.now() - agoMs).toString(36)}_${randomBytes(3).toString('hex')}`;

describe('test leftovers on the stack: the sweep before each run', () => {
  const databaseUrl = process.env.DATABASE_URL ?? '';
  const connectUrl = process.env.KAFKA_CONNECT_URL ?? '';
  let namespace: TestNamespace;
  let relay: OutboxRelay | undefined;
  const created: string[] = [];

  beforeAll(() => {
    namespace = createTestNamespace('sweep');
  });

  afterAll(async () => {
    await relay?.close();
    for (const database of created) await dropDatabase(withDatabase(databaseUrl, database));
    await namespace.cleanup();
  }, HOOK_TIMEOUT_MS);

  it("removes an abandoned run's connector, slot and database, and leaves a live run's alone", async () => {
    const abandoned = databaseMinted('sweep', THREE_HOURS_MS);
    const live = databaseMinted('sweep', 60_000);
    for (const database of [abandoned, live]) {
      created.push(database);
      const url = withDatabase(databaseUrl, database);
      await ensureDatabase(url);
      await ensureLogicalReplicationSlot(url, `${database}_relay`);
    }
    // A relay whose connector is named after a namespace minted three hours ago (a run killed mid-test).
    const abandonedPrefix = `${uniqueName('sweep').replace(/-[0-9a-z]{8}-/, `-${(Date.now() - THREE_HOURS_MS).toString(36)}-`)}.`;
    relay = await startOutboxRelay({ ...namespace, prefix: abandonedPrefix }, 'sweep');

    const swept = await sweepAbandonedTestRelays({ connectUrl, databaseUrl });

    expect(swept.connectors).toContain(relay.connector);
    expect(swept.databases).toContain(abandoned);
    expect(swept.slots).toContain(`${abandoned}_relay`);
    expect(swept.databases).not.toContain(live);
    expect(await createConnectClient(connectUrl).status(relay.connector)).toBeUndefined();
    const databases = await listDatabases(databaseUrl);
    expect(databases).not.toContain(abandoned);
    expect(databases).toContain(live);
    const slots = (await replicationSlotLags(databaseUrl)).map((slot) => slot.slotName);
    expect(slots).not.toContain(`${abandoned}_relay`);
    expect(slots).toContain(`${live}_relay`);
  }, 120_000);
});
