import { waitFor } from '@orderflow/testing';

import {
  countByKey,
  postOrder,
  readEvents,
  startPipeline,
  startServiceProcess,
  waitForFinalStatuses,
  type OrderRequest,
  type Pipeline,
  type ServiceProcess,
} from '../src';

const ORDERS = 120;

const order = (n: number): OrderRequest => ({
  customerId: `crash-customer-${n % 5}`,
  currency: 'EUR',
  items: [
    { sku: n % 2 === 0 ? 'SKU-STICKER-005' : 'SKU-BOOK-001', quantity: 1 + (n % 2), unitPriceCents: 300 },
  ],
});

// The inventory consumer runs as a real child process (the built service), killed with SIGKILL while
// orders stream through, then started again: nothing may be lost and no effect may happen twice.
describe('a consumer killed with SIGKILL mid-stream and restarted', () => {
  let pipeline: Pipeline;
  let inventory: ServiceProcess | undefined;

  // Ready means consuming with partitions assigned.
  const startInventory = (): Promise<ServiceProcess> =>
    startServiceProcess('inventory', { ...pipeline.env, LOG_LEVEL: 'error' });

  beforeAll(async () => {
    // A short session timeout lets the group notice the killed member quickly; a short lease frees the
    // event it was processing.
    pipeline = await startPipeline('crash', {
      overrides: {
        CONSUMER_SESSION_TIMEOUT_MS: '6000',
        IDEMPOTENCY_LEASE_MS: '2000',
        PAYMENT_FAILURE_RATE: '0.25',
      },
      services: ['orderApi', 'payment', 'notification', 'notificationSender'],
    });
    inventory = await startInventory();
  });

  afterAll(async () => {
    await inventory?.kill();
    await pipeline.close();
  });

  it('loses no order and applies no effect twice', async () => {
    const placed = new Map<string, OrderRequest>();
    const place = async (from: number, to: number) => {
      for (let n = from; n < to; n += 10) {
        const answers = await Promise.all(
          Array.from({ length: Math.min(10, to - n) }, (_, i) =>
            postOrder(pipeline.orderApiUrl, order(n + i)),
          ),
        );
        answers.forEach((answer, i) => placed.set(String(answer.body.orderId), order(n + i)));
      }
    };
    await place(0, ORDERS / 2);
    await waitFor(
      async () => ((await readEvents(pipeline, 'inventory.reserved')).length >= 10 ? true : undefined),
      {
        description: 'inventory to be part-way through the orders',
        timeoutMs: 30_000,
        intervalMs: 50,
      },
    );
    await inventory?.kill();
    await place(ORDERS / 2, ORDERS);
    inventory = await startInventory();

    const statuses = await waitForFinalStatuses(pipeline.orderApiUrl, [...placed.keys()], 120_000);
    expect(statuses.size).toBe(ORDERS);

    // Redelivery after the crash may repeat a follow-up record, always with the same event id.
    const inventoryEvents = [
      ...(await readEvents(pipeline, 'inventory.reserved')),
      ...(await readEvents(pipeline, 'inventory.rejected')),
    ];
    const { distinct } = countByKey(inventoryEvents);
    expect(new Set(distinct.values())).toEqual(new Set([1]));
    expect(distinct.size).toBe(ORDERS);

    const confirmed = [...statuses]
      .filter(([, view]) => view.status === 'DELIVERY_STARTED')
      .map(([id]) => id);
    const expected = { ...pipeline.initialStock };
    for (const orderId of confirmed) {
      for (const item of placed.get(orderId)?.items ?? [])
        expected[item.sku] = (expected[item.sku] ?? 0) - item.quantity;
    }
    expect(await pipeline.stock.readStock(Object.keys(pipeline.initialStock))).toEqual(expected);
    const released = countByKey(await readEvents(pipeline, 'inventory.released')).distinct;
    expect([...released.keys()].sort()).toEqual(
      [...statuses]
        .filter(([, view]) => view.status === 'PAYMENT_FAILED')
        .map(([id]) => id)
        .sort(),
    );
  });
});
