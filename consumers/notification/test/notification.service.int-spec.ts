import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { NotificationSent } from '@orderflow/contracts';
import type { RunningService } from '@orderflow/service-runtime';
import type { AvroSerde } from '@orderflow/registry';
import {
  collectEvents,
  createTestNamespace,
  narrowTopicsFile,
  produceRecords,
  provisionNamespace,
  waitForGroupCaughtUp,
  waitUntil,
  type EventCollector,
  type TestNamespace,
} from '@orderflow/testing';
import { loadTopicsFile } from '@orderflow/topics';

import { readNotificationConfig, startNotification } from '../src';

// The notification service in-process on the real stack, with the default (file) sender chosen by config.
const topics = narrowTopicsFile(loadTopicsFile(), { group: 'notification', partitions: 1, retry: ['500ms'] });

// Joining and leaving consumer groups takes seconds on a busy broker: more than Jest's default hook timeout.
const HOOK_TIMEOUT_MS = 60_000;

describe('notification service on the real stack', () => {
  let namespace: TestNamespace;
  let serde: AvroSerde;
  let service: RunningService;
  let collector: EventCollector<NotificationSent> | undefined;
  let folder: string;
  const published = (): { key: string; value: NotificationSent }[] => collector?.events ?? [];

  beforeAll(async () => {
    namespace = createTestNamespace('notification-svc');
    folder = await mkdtemp(join(tmpdir(), 'orderflow-notification-'));
    ({ serde } = await provisionNamespace(namespace, { topics }));

    const config = readNotificationConfig({
      ...process.env,
      LOG_LEVEL: 'error',
      NOTIFICATION_PORT: '0',
      NOTIFICATION_SENDER: 'file',
      NOTIFICATION_SINK_FILE: join(folder, 'sink', 'notifications.jsonl'),
    });
    service = await startNotification({
      config: { ...config, runtime: { ...config.runtime, topicPrefix: namespace.prefix } },
      topics,
    });
    await service.whenConsuming();

    collector = await collectEvents(
      namespace,
      'notification.sent',
      async (value) => (await serde.decode(value)).value as NotificationSent,
    );
  }, HOOK_TIMEOUT_MS);

  afterAll(async () => {
    await collector?.stop();
    await service?.close();
    await namespace.cleanup();
    await rm(folder, { recursive: true, force: true });
  }, HOOK_TIMEOUT_MS);

  it('tells the customer once per outcome and publishes notification.sent', async () => {
    const rejection = (orderId: string) =>
      serde.encode('inventory.rejected', {
        eventId: `evt-rejected-${orderId}`,
        occurredAt: Date.parse('2026-11-21T12:00:00.000Z'),
        orderId,
        customerId: `customer-of-${orderId}`,
        missing: [{ sku: 'SKU-1', requested: 3, available: 1 }],
        reason: 'insufficient stock',
      });
    const headers = { 'correlation-id': 'corr-notification' };
    // order-1's event twice (a re-publish), then order-2's. Different orders run at once, so order-2
    // being told says nothing about order-1's copies: the group's committed offset does.
    await produceRecords(namespace, 'inventory.rejected', [
      { key: 'order-1', headers, value: await rejection('order-1') },
      { key: 'order-1', headers, value: await rejection('order-1') },
      { key: 'order-2', headers, value: await rejection('order-2') },
    ]);

    await waitForGroupCaughtUp(namespace, 'notification', ['inventory.rejected']);
    await waitUntil(
      () => ['order-1', 'order-2'].every((key) => published().some((event) => event.key === key)),
      {
        description: 'notification.sent for order-1 and order-2',
        timeoutMs: 30_000,
      },
    );
    const first = published().find(({ key }) => key === 'order-1');
    expect(first?.value).toMatchObject({
      orderId: 'order-1',
      kind: 'ORDER_REJECTED',
      channel: 'EMAIL',
      recipient: 'customer-of-order-1',
    });

    const lines = (await readFile(join(folder, 'sink', 'notifications.jsonl'), 'utf8')).trimEnd().split('\n');
    const told = lines.map(
      (line) => JSON.parse(line) as { orderId: string; kind: string; recipient: string },
    );
    // Once each; different orders are worked on at once, so their lines may come in either order.
    expect(told.map(({ orderId }) => orderId).sort()).toEqual(['order-1', 'order-2']);
    expect(told.find(({ orderId }) => orderId === 'order-1')).toMatchObject({
      kind: 'ORDER_REJECTED',
      recipient: 'customer-of-order-1',
    });
  });
});
