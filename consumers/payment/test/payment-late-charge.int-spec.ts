import type { InventoryReserved } from '@orderflow/contracts';
import { produceRecords, readAllRecords, waitFor, waitForGroupCaughtUp } from '@orderflow/testing';

import type { ChargeRequest, PaymentGateway } from '../src';
import { startPaymentOnDatabase, type PaymentOnDatabase } from './payment-on-database';

/** A gateway that answers each charge just as the handler's deadline passes (when its signal aborts). */
const gatewayAnsweringAtTheDeadline = () => {
  const charges: ChargeRequest[] = [];
  const gateway: PaymentGateway = {
    charge: (request, signal) => {
      charges.push(request);
      return new Promise((resolve, reject) => {
        if (signal === undefined) return reject(new Error('The charge came without its deadline signal.'));
        signal.addEventListener(
          'abort',
          () => resolve({ status: 'completed', paymentId: `pay-${charges.length}` }),
          { once: true },
        );
      });
    },
  };
  return { gateway, charges };
};

describe('payment: a charge answered at the handler deadline, on PostgreSQL', () => {
  let payment: PaymentOnDatabase | undefined;
  const gateway = gatewayAnsweringAtTheDeadline();

  beforeAll(async () => {
    payment = await startPaymentOnDatabase('late', gateway.gateway, { CONSUMER_HANDLER_DEADLINE_MS: '500' });
  }, 60_000);

  afterAll(async () => {
    await payment?.close();
  }, 60_000);

  it('is recorded: the retry copy the deadline sent finds the outcome and the gateway is asked once', async () => {
    const reserved: InventoryReserved = {
      eventId: '0b7e4d2c-5f3a-4c1e-8a9d-6e2f1b3c4d5a',
      occurredAt: Date.parse('2026-12-03T08:00:00.000Z'),
      orderId: 'order-late',
      customerId: 'c-1',
      lines: [{ sku: 'SKU-1', quantity: 1 }],
      totalCents: 2500,
      currency: 'EUR',
    };
    const { namespace, database, serde } = payment!;
    await produceRecords(namespace, 'inventory.reserved', [
      { key: reserved.orderId, value: await serde.encode('inventory.reserved', reserved) },
    ]);
    // The deadline passed: the runtime sent the event to the retry tier, and the retry was handled.
    await waitFor(
      async () => ((await readAllRecords(namespace, 'payment.retry-300ms')).length === 1 ? true : undefined),
      { description: 'the event on payment.retry-300ms', timeoutMs: 30_000 },
    );
    await waitForGroupCaughtUp(namespace, 'payment', ['inventory.reserved', 'payment.retry-300ms'], {
      timeoutMs: 30_000,
    });

    expect(gateway.charges).toHaveLength(1);
    const ledger = await database.db.selectFrom('payments').selectAll().execute();
    expect(ledger).toEqual([
      expect.objectContaining({ order_id: 'order-late', outcome: 'completed', gateway_ref: 'pay-1' }),
    ]);
    expect(await database.db.selectFrom('processed_events').selectAll().execute()).toEqual([
      expect.objectContaining({ consumer_group: 'payment', event_id: reserved.eventId }),
    ]);
    expect(await database.outboxInserts()).toEqual([
      expect.objectContaining({ eventType: 'payment.completed', aggregateId: 'order-late' }),
    ]);
    expect(await readAllRecords(namespace, 'payment.dlq')).toEqual([]);
  }, 60_000);
});
