import type { InventoryReserved } from '@orderflow/contracts';
import { produceRecords, readAllRecords, waitForGroupCaughtUp } from '@orderflow/testing';
import { deriveEventId } from '@orderflow/kafka';

import type { ChargeRequest, PaymentGateway } from '../src';
import { startPaymentOnDatabase, type PaymentOnDatabase } from './payment-on-database';

const countingGateway = () => {
  const charges: ChargeRequest[] = [];
  const gateway: PaymentGateway = {
    charge: (request) => {
      charges.push(request);
      return Promise.resolve({ status: 'completed', paymentId: `pay-${charges.length}` });
    },
  };
  return { gateway, charges };
};

describe('payment on PostgreSQL: inbox, ledger and outbox in one transaction', () => {
  let payment: PaymentOnDatabase | undefined;
  const gateway = countingGateway();

  beforeAll(async () => {
    payment = await startPaymentOnDatabase('inbox', gateway.gateway);
  }, 60_000);

  afterAll(async () => {
    await payment?.close();
  }, 60_000);

  it('the same inventory.reserved delivered three times: one charge, one ledger row, one inbox row, one outbox insert, nothing published by the service', async () => {
    const reserved: InventoryReserved = {
      eventId: '6f1c2a4e-0c55-4d0e-9d9e-2d3c5e7a9b10',
      occurredAt: Date.parse('2026-12-01T08:00:00.000Z'),
      orderId: 'order-thrice',
      customerId: 'c-1',
      lines: [{ sku: 'SKU-1', quantity: 1 }],
      totalCents: 1999,
      currency: 'EUR',
    };
    const { namespace, database, serde } = payment!;
    const value = await serde.encode('inventory.reserved', reserved);
    const record = { key: reserved.orderId, value };
    await produceRecords(namespace, 'inventory.reserved', [record, record, record]);
    await waitForGroupCaughtUp(namespace, 'payment', ['inventory.reserved'], { timeoutMs: 30_000 });

    const ledger = await database.db
      .selectFrom('payments')
      .selectAll()
      .where('order_id', '=', reserved.orderId)
      .execute();
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({
      customer_id: 'c-1',
      currency: 'EUR',
      outcome: 'completed',
      gateway_ref: 'pay-1',
      caused_by_event_id: reserved.eventId,
    });
    expect(Number(ledger[0]?.amount_cents)).toBe(1999);
    const inbox = await database.db.selectFrom('processed_events').selectAll().execute();
    expect(inbox).toEqual([
      expect.objectContaining({ consumer_group: 'payment', event_id: reserved.eventId }),
    ]);
    expect(gateway.charges).toHaveLength(1);

    // What the relay reads: exactly one insert into the outbox, with the id the runtime would have used.
    expect(await database.outboxInserts()).toEqual([
      {
        id: deriveEventId(reserved.eventId, 'payment', 0),
        eventType: 'payment.completed',
        aggregateId: reserved.orderId,
      },
    ]);
    // The WAL dates the one ledger transaction: its commit, after its start (recorded_at), both recent.
    const [commit, ...others] = await database.ledgerCommits();
    expect(others).toEqual([]);
    expect(commit?.orderId).toBe(reserved.orderId);
    expect(commit!.committedAtMs).toBeGreaterThanOrEqual(commit!.startedAtMs);
    expect(Math.abs(Date.now() - commit!.committedAtMs)).toBeLessThan(60_000);
    // The row itself is gone (deleted in its transaction), and the service published nothing itself.
    expect(await database.db.selectFrom('outbox').selectAll().execute()).toEqual([]);
    expect(await readAllRecords(namespace, 'payment.completed')).toEqual([]);
  }, 60_000);
});
