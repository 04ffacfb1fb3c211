import type { InventoryReserved } from '@orderflow/contracts';
import { deriveEventId } from '@orderflow/kafka';
import type { AvroSerde } from '@orderflow/registry';
import { headerText } from '@orderflow/retry';
import { isAlive } from '@orderflow/stack';
import {
  createTestNamespace,
  produceRecords,
  provisionNamespace,
  readAllRecords,
  waitFor,
  waitForGroupCaughtUp,
  type TestNamespace,
} from '@orderflow/testing';

import { startOutboxRelay, type OutboxRelay } from '../src/outbox-relay';
import { startServiceProcess, type ServiceProcess } from '../src/service-process';

// Payment as its own process, SIGKILLed by a fail point right after its transaction committed (ledger,
// inbox, outbox) and before its offset was committed: the record comes back to the restarted service,
// and the relay (the run's Connect worker, Debezium) publishes the event exactly once.

const reserved: InventoryReserved = {
  eventId: '3d0b9a52-8f5e-4c41-a0c3-5b1f0e2d7c64',
  occurredAt: Date.parse('2026-12-01T08:30:00.000Z'),
  orderId: 'order-killed-after-commit',
  customerId: 'c-kill',
  lines: [{ sku: 'SKU-1', quantity: 1 }],
  totalCents: 4200,
  currency: 'EUR',
};

describe('payment SIGKILLed between its commit and anything else', () => {
  let namespace: TestNamespace;
  let serde: AvroSerde;
  let relay: OutboxRelay;
  let payment: ServiceProcess | undefined;
  let env: Record<string, string | undefined>;

  beforeAll(async () => {
    namespace = createTestNamespace('payment-kill');
    ({ serde } = await provisionNamespace(namespace));
    relay = await startOutboxRelay(namespace, 'payment_kill');
    env = {
      ...process.env,
      ORDERFLOW_TOPIC_PREFIX: namespace.prefix,
      DATABASE_URL: relay.database.url,
      LOG_LEVEL: 'error',
      PAYMENT_LATENCY_MS: '0',
      PAYMENT_FAILURE_RATE: '0',
      PAYMENT_SEED: 'kill',
    };
  }, 240_000);

  afterAll(async () => {
    await payment?.close();
    await relay?.close();
    await namespace?.cleanup();
  }, 120_000);

  it('the relay publishes the committed event exactly once; the restarted service ends the redelivery at its inbox', async () => {
    payment = await startServiceProcess('payment', {
      ...env,
      ORDERFLOW_FAILPOINTS: `payment:after-publish:kill@1:${reserved.orderId}`,
    });
    const killedPid = payment.pid;
    await produceRecords(namespace, 'inventory.reserved', [
      { key: reserved.orderId, value: await serde.encode('inventory.reserved', reserved) },
    ]);
    await waitFor(() => Promise.resolve(isAlive(killedPid) ? undefined : true), {
      description: 'payment to kill itself after its commit',
      timeoutMs: 60_000,
    });
    const { db } = relay.database;
    // Committed before the kill; the offset was not.
    expect(await db.selectFrom('payments').selectAll().execute()).toHaveLength(1);
    const [offsets] = await (
      await namespace.admin()
    ).fetchOffsets({
      groupId: `${namespace.prefix}payment`,
      topics: [`${namespace.prefix}inventory.reserved`],
    });
    expect((offsets?.partitions ?? []).every(({ offset }) => Number(offset) <= 0)).toBe(true);

    payment = await startServiceProcess('payment', env);
    await waitForGroupCaughtUp(namespace, 'payment', ['inventory.reserved'], { timeoutMs: 60_000 });
    const eventId = deriveEventId(reserved.eventId, 'payment', 0);
    const records = await waitFor(
      async () => {
        const all = await readAllRecords(namespace, 'payment.completed');
        return all.length > 0 ? all : undefined;
      },
      { description: 'payment.completed relayed', timeoutMs: 90_000, intervalMs: 1_000 },
    );
    expect(records.map((record) => headerText(record.headers, 'event-id'))).toEqual([eventId]);
    expect(records[0]?.key?.toString()).toBe(reserved.orderId);
    const decoded = await serde.decode(records[0]!.value!);
    expect(decoded.value).toMatchObject({ eventId, orderId: reserved.orderId, amountCents: 4200 });
    expect(await db.selectFrom('payments').selectAll().execute()).toHaveLength(1);
    expect(await db.selectFrom('processed_events').selectAll().execute()).toHaveLength(1);
    expect(await relay.database.outboxInserts()).toHaveLength(1);
    // Still one after the relay had time to send more: a later duplicate would be a second record.
    await waitForGroupCaughtUp(namespace, 'payment', ['inventory.reserved']);
    expect(await readAllRecords(namespace, 'payment.completed')).toHaveLength(1);
  }, 240_000);
});
