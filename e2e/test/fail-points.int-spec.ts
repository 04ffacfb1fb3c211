import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

import type { OrderCreated } from '@orderflow/contracts';
import { anInventoryRejected, produceRecords, waitFor } from '@orderflow/testing';

import { readEvents, startPipeline, startServiceProcess, type Pipeline, type ServiceProcess } from '../src';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const SKU = 'SKU-BOOK-001';

/** Resolves once the process is gone, i.e. its fail point killed it. */
const waitForDeath = (service: ServiceProcess, step: string): Promise<boolean> =>
  waitFor(() => Promise.resolve(alive(service.pid) ? undefined : true), {
    description: `the ${step} fail point to kill pid ${service.pid}`,
    timeoutMs: 30_000,
    intervalMs: 50,
  });

// ORDERFLOW_FAILPOINTS crashes a real service process exactly between two steps; its restart then shows
// what that window costs: the follow-up published twice under one eventId, the effect applied once.
describe('fail points kill a service process at an exact step', () => {
  let pipeline: Pipeline;
  const running: ServiceProcess[] = [];
  const start = async (name: string, failPoints = ''): Promise<ServiceProcess> => {
    const service = await startServiceProcess(name, {
      ...pipeline.env,
      ORDERFLOW_FAILPOINTS: failPoints,
      // A killed member's partitions and its event's lease come free quickly.
      CONSUMER_SESSION_TIMEOUT_MS: '6000',
      IDEMPOTENCY_LEASE_MS: '2000',
    });
    running.push(service);
    return service;
  };

  beforeAll(async () => {
    pipeline = await startPipeline('failpoints', { services: [] });
  });

  afterAll(async () => {
    for (const service of running) await service.kill();
    await pipeline?.close();
  });

  it('inventory after-publish: killed after inventory.reserved was acknowledged, before done; the restart re-publishes the same event and reserves once', async () => {
    const orderId = randomUUID();
    const [before] = Object.values(await pipeline.stock.readStock([SKU]));
    const inventory = await start('inventory', `inventory:after-publish:kill@1:${orderId}`);
    const order: OrderCreated = {
      eventId: randomUUID(),
      occurredAt: Date.now(),
      orderId,
      customerId: 'customer-1',
      items: [{ sku: SKU, quantity: 2, unitPriceCents: 1_000 }],
      currency: 'EUR',
      totalCents: 2_000,
      channel: 'WEB',
      couponCode: null,
    };
    await produceRecords(pipeline.namespace, 'order.created', [
      { key: orderId, value: await pipeline.serde.encode('order.created', order) },
    ]);
    await waitForDeath(inventory, 'after-publish');
    // Published before the kill: the step is after the acknowledgement.
    expect((await readEvents(pipeline, 'inventory.reserved')).map((event) => event.key)).toEqual([orderId]);

    await start('inventory');
    const reserved = await waitFor(
      async () => {
        const events = await readEvents(pipeline, 'inventory.reserved');
        return events.length >= 2 ? events : undefined;
      },
      { description: 'the restarted inventory to publish inventory.reserved again', timeoutMs: 60_000 },
    );
    expect(reserved.map((event) => event.key)).toEqual([orderId, orderId]);
    expect(new Set(reserved.map((event) => event.value.eventId)).size).toBe(1);
    expect(await pipeline.stock.readStock([SKU])).toEqual({ [SKU]: (before ?? 0) - 2 });
  });

  it('notification-sender after-send: killed after the sink took the message, before its record; RabbitMQ redelivers the unacked job, the restart sends again (the one known duplicate) and announces once', async () => {
    const orderId = randomUUID();
    const sinkLines = (): string[] =>
      readFileSync(String(pipeline.env.NOTIFICATION_SINK_FILE), { encoding: 'utf8', flag: 'a+' })
        .split('\n')
        .filter((line) => line.includes(orderId));
    const notification = await start('notification');
    const sender = await start('notification-sender', `notification-sender:after-send:kill@1:${orderId}`);
    // A rejection, not a payment: a confirmation also calls order-api's MarkDeliveryStarted (gRPC) before
    // it is announced, and this pipeline runs no order-api; the send → record window is the same.
    const rejected = anInventoryRejected({ orderId });
    await produceRecords(pipeline.namespace, 'inventory.rejected', [
      { key: orderId, value: await pipeline.serde.encode('inventory.rejected', rejected) },
    ]);
    await waitForDeath(sender, 'after-send');
    expect(sinkLines()).toHaveLength(1);
    expect(await readEvents(pipeline, 'notification.sent')).toEqual([]);

    const restarted = await start('notification-sender');
    const sent = await waitFor(
      async () => {
        const events = await readEvents(pipeline, 'notification.sent');
        return events.length > 0 ? events : undefined;
      },
      { description: 'the restarted sender to announce the notification', timeoutMs: 60_000 },
    );
    expect(sent.map((event) => event.key)).toEqual([orderId]);
    expect(sinkLines()).toHaveLength(2);
    // The next case's job must reach the sender it arms, not this one.
    await restarted.kill();
    await notification.kill();
  });

  it('notification-sender SIGKILLed mid-job (sent, recorded and announced, not acked): the job is redelivered and the customer is told once', async () => {
    const orderId = randomUUID();
    const sinkLines = (): string[] =>
      readFileSync(String(pipeline.env.NOTIFICATION_SINK_FILE), { encoding: 'utf8', flag: 'a+' })
        .split('\n')
        .filter((line) => line.includes(orderId));
    const notification = await start('notification');
    const sender = await start('notification-sender', `notification-sender:after-publish:kill@1:${orderId}`);
    await produceRecords(pipeline.namespace, 'inventory.rejected', [
      {
        key: orderId,
        value: await pipeline.serde.encode('inventory.rejected', anInventoryRejected({ orderId })),
      },
    ]);
    await waitForDeath(sender, 'after-publish');
    expect(sinkLines()).toHaveLength(1);

    await start('notification-sender');
    // The redelivered job is found sent: announced again under the same eventId, never sent again.
    const sent = await waitFor(
      async () => {
        const events = await readEvents(pipeline, 'notification.sent');
        return events.filter((event) => event.key === orderId).length >= 2 ? events : undefined;
      },
      { description: 'the restarted sender to handle the redelivered job', timeoutMs: 60_000 },
    );
    const ours = sent.filter((event) => event.key === orderId);
    expect(new Set(ours.map((event) => event.value.eventId)).size).toBe(1);
    expect(sinkLines()).toHaveLength(1);
    await notification.kill();
  });
});
