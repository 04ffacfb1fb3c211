import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

import { loadSchemaCatalog, type EventByTopic, type Topic } from '@orderflow/contracts';
import { createAvroSerde, createRegistryClient, registerSchemas } from '@orderflow/registry';
import { createTestNamespace, produceRecords } from '@orderflow/testing';

const run = promisify(execFile);
const root = resolve(__dirname, '../../..');

// A small causation chain on 6-partition topics, read back by the built CLI as an operator would.
describe('orderflow trace', () => {
  const namespace = createTestNamespace('inspect-trace');
  const topics = ['order.created', 'inventory.reserved', 'payment.completed', 'notification.sent'] as const;
  const occurredAt = Date.parse('2026-11-21T12:00:00.000Z');
  const base = { occurredAt, customerId: 'customer-7', currency: 'EUR' };

  afterAll(() => namespace.cleanup());

  const groupsOfTrace = async (): Promise<string[]> =>
    (await (await namespace.admin()).listGroups()).groups
      .map(({ groupId }) => groupId)
      .filter((groupId) => groupId.startsWith('orderflow-inspect-trace-'));

  it('prints the order’s events under their causes, with correlation and causation ids, and leaves no group', async () => {
    await namespace.createTopics(topics.map((topic) => ({ topic, partitions: 6 })));
    const client = createRegistryClient({ url: namespace.settings.schemaRegistryUrl });
    const catalog = loadSchemaCatalog();
    await registerSchemas({ client, catalog, topicPrefix: namespace.prefix, topics: [...topics] });
    const serde = createAvroSerde({ client, catalog, topicPrefix: namespace.prefix });
    const produce = async <T extends Topic>(
      topic: T,
      value: EventByTopic[T],
      orderId: string,
      causationId?: string,
    ): Promise<void> =>
      produceRecords(namespace, topic, [
        {
          key: orderId,
          value: await serde.encode(topic, value),
          headers: {
            'event-id': value.eventId,
            'correlation-id': `corr-${orderId}`,
            ...(causationId === undefined ? {} : { 'causation-id': causationId }),
          },
        },
      ]);
    const orderId = `order-${namespace.prefix}`;
    const other = `other-${namespace.prefix}`;
    const line = { sku: 'SKU-RED-MUG', quantity: 1 };

    // Produced in time order, as the services would; another order's event sits in between.
    await produce(
      'order.created',
      {
        ...base,
        eventId: 'evt-a1',
        orderId,
        items: [{ ...line, unitPriceCents: 1250 }],
        totalCents: 1250,
        channel: 'WEB',
        couponCode: null,
      },
      orderId,
    );
    await produce(
      'order.created',
      {
        ...base,
        eventId: 'evt-z1',
        orderId: other,
        items: [{ ...line, unitPriceCents: 5 }],
        totalCents: 5,
        channel: 'WEB',
        couponCode: null,
      },
      other,
    );
    await produce(
      'inventory.reserved',
      { ...base, eventId: 'evt-b2', orderId, lines: [line], totalCents: 1250 },
      orderId,
      'evt-a1',
    );
    await produce(
      'payment.completed',
      { ...base, eventId: 'evt-c3', orderId, paymentId: 'pay-1', amountCents: 1250 },
      orderId,
      'evt-b2',
    );
    await produce(
      'notification.sent',
      {
        ...base,
        eventId: 'evt-d4',
        orderId,
        channel: 'EMAIL',
        kind: 'ORDER_CONFIRMED',
        recipient: 'customer-7',
      },
      orderId,
      'evt-c3',
    );
    const groupsBefore = await groupsOfTrace();

    const { stdout } = await run(
      'node',
      ['tools/cli/bin/orderflow.js', 'trace', orderId, '--topic-prefix', namespace.prefix, '--json'],
      { cwd: root, env: process.env, timeout: 60_000 },
    );

    const lines = stdout
      .trim()
      .split('\n')
      .map(
        (text) =>
          JSON.parse(text) as { depth: number; topic: string; key: string; headers: Record<string, string> },
      );
    expect(lines.map(({ depth, topic }) => [depth, topic])).toEqual([
      [0, `${namespace.prefix}order.created`],
      [1, `${namespace.prefix}inventory.reserved`],
      [2, `${namespace.prefix}payment.completed`],
      [3, `${namespace.prefix}notification.sent`],
    ]);
    expect(
      lines.map(({ headers }) => [headers['event-id'], headers['causation-id'], headers['correlation-id']]),
    ).toEqual([
      ['evt-a1', undefined, `corr-${orderId}`],
      ['evt-b2', 'evt-a1', `corr-${orderId}`],
      ['evt-c3', 'evt-b2', `corr-${orderId}`],
      ['evt-d4', 'evt-c3', `corr-${orderId}`],
    ]);

    const table = await run(
      'node',
      ['tools/cli/bin/orderflow.js', 'trace', orderId, '--topic-prefix', namespace.prefix],
      {
        cwd: root,
        env: process.env,
        timeout: 60_000,
      },
    );
    // Two spaces between columns, then two per causation level: payment.completed is two levels deep.
    expect(table.stdout).toContain(`Z      ${namespace.prefix}payment.completed`);
    expect(table.stdout).toContain(`Z  ${namespace.prefix}order.created`);
    expect(table.stdout).toContain('paymentId=pay-1 amountCents=1250');
    expect(await groupsOfTrace()).toEqual(groupsBefore);
  });
});
