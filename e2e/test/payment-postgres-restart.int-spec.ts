import type { InventoryReserved } from '@orderflow/contracts';
import { readPaymentConfig, startPayment, type ChargeRequest, type PaymentGateway } from '@orderflow/payment';
import { createDatabase, createPostgresPool, sql, type Kysely } from '@orderflow/postgres';
import type { AvroSerde } from '@orderflow/registry';
import type { RunningService } from '@orderflow/service-runtime';
import {
  createTestNamespace,
  narrowTopicsFile,
  produceRecords,
  provisionNamespace,
  readAllRecords,
  waitFor,
  waitForGroupCaughtUp,
  type TestNamespace,
} from '@orderflow/testing';
import { loadTopicsFile } from '@orderflow/topics';

import { startPrivatePostgres, type PrivatePostgres } from './support/private-postgres';

const topics = narrowTopicsFile(loadTopicsFile(), { group: 'payment', partitions: 2, retry: ['300ms'] });

const reserved = (index: number): InventoryReserved => ({
  eventId: `0b7d5c1e-4a3f-4e2b-9c1d-${String(index).padStart(12, '0')}`,
  occurredAt: Date.parse('2026-12-01T08:00:00.000Z'),
  orderId: `order-pg-restart-${index}`,
  customerId: 'c-restart',
  lines: [{ sku: 'SKU-1', quantity: 1 }],
  totalCents: 1000 + index,
  currency: 'EUR',
});

const count = async (db: Kysely<Record<string, Record<string, unknown>>>, table: string): Promise<number> => {
  const { rows } = await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(db);
  return Number(rows[0]?.n ?? 0);
};

const metricSum = (text: string, name: string, label: string): number =>
  text
    .split('\n')
    .filter((line) => line.startsWith(name) && line.includes(label))
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);

describe('payment while its PostgreSQL restarts', () => {
  let postgres: PrivatePostgres;
  let namespace: TestNamespace;
  let serde: AvroSerde;
  let service: RunningService | undefined;
  let db: Kysely<Record<string, Record<string, unknown>>>;
  const charges: ChargeRequest[] = [];
  const gateway: PaymentGateway = {
    charge: (request) => {
      charges.push(request);
      return Promise.resolve({ status: 'completed', paymentId: `pay-${request.orderId}` });
    },
  };

  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    namespace = createTestNamespace('payment-pg-restart');
    ({ serde } = await provisionNamespace(namespace, { topics }));
    db = createDatabase(createPostgresPool({ url: postgres.url, applicationName: 'test', max: 1 }));
    const config = readPaymentConfig({
      ...process.env,
      DATABASE_URL: postgres.url,
      ORDERFLOW_TOPIC_PREFIX: namespace.prefix,
      LOG_LEVEL: 'error',
      PAYMENT_PORT: '0',
    });
    service = await startPayment({ config, topics, gateway });
    await service.whenConsuming();
  }, 90_000);

  afterAll(async () => {
    await service?.close();
    await db?.destroy();
    await namespace?.cleanup();
    await postgres?.close();
  }, 60_000);

  const produce = async (indexes: number[]): Promise<void> => {
    const records = await Promise.all(
      indexes.map(async (index) => ({
        key: reserved(index).orderId,
        value: await serde.encode('inventory.reserved', reserved(index)),
      })),
    );
    await produceRecords(namespace, 'inventory.reserved', records);
  };

  it('leaves records unacknowledged while the database is down and records every payment once it is back', async () => {
    await produce([0, 1, 2, 3, 4]);
    await waitFor(async () => ((await count(db, 'payments')) === 5 ? true : undefined), {
      description: 'the first five payments in the ledger',
      timeoutMs: 30_000,
    });

    await postgres.stop();
    const stoppedAt = Date.now();
    await produce([5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    // The service tried and deferred (not routed) records while the database was down.
    await waitFor(
      async () => {
        const metrics = await (await fetch(`${service!.url}/metrics`)).text();
        return metricSum(metrics, 'orderflow_messages_handled_total', 'outcome="deferred"') > 0 || undefined;
      },
      { description: 'payment deferring records while PostgreSQL is down', timeoutMs: 30_000 },
    );
    const ready = await fetch(`${service!.url}/health/ready`);
    expect(ready.status).toBe(503);
    const admin = await namespace.admin();
    const [committed] = await admin.fetchOffsets({
      groupId: `${namespace.prefix}payment`,
      topics: [`${namespace.prefix}inventory.reserved`],
    });
    const committedTotal = (committed?.partitions ?? []).reduce(
      (sum, { offset }) => sum + Math.max(0, Number(offset)),
      0,
    );
    expect(committedTotal).toBeLessThanOrEqual(5);

    await postgres.start();
    const downForMs = Date.now() - stoppedAt;
    await waitForGroupCaughtUp(namespace, 'payment', ['inventory.reserved'], { timeoutMs: 60_000 });
    // The pool replaced the connections the restart ended; the ledger holds every order once.
    expect(await count(db, 'payments')).toBe(15);
    expect(await count(db, 'processed_events')).toBe(15);
    expect(new Set(charges.map((charge) => charge.idempotencyKey)).size).toBe(15);
    expect(await readAllRecords(namespace, 'payment.retry-300ms')).toEqual([]);
    expect(await readAllRecords(namespace, 'payment.dlq')).toEqual([]);
    expect((await fetch(`${service!.url}/health/ready`)).status).toBe(200);
    console.log(
      `PostgreSQL down for ${downForMs} ms: ${committedTotal} of 15 offsets committed meanwhile, 15/15 payments recorded after the restart, nothing retried or dead-lettered`,
    );
  }, 120_000);
});
