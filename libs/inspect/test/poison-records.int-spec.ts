import { loadSchemaCatalog, type OrderCreated } from '@orderflow/contracts';
import { createAvroSerde, createRegistryClient, registerSchemas } from '@orderflow/registry';
import { createTestNamespace } from '@orderflow/testing';

import { createRecordDecoder } from '../src';

// decode, tail and trace print every record through createRecordDecoder.
describe('the CLI on poison records', () => {
  const namespace = createTestNamespace('inspect-poison');

  afterAll(() => namespace.cleanup());

  it('shows a 14-byte array-count bomb as an undecodable record instead of running out of memory (F3)', async () => {
    const client = createRegistryClient({ url: namespace.settings.schemaRegistryUrl });
    const catalog = loadSchemaCatalog();
    await registerSchemas({ client, catalog, topicPrefix: namespace.prefix, topics: ['order.created'] });
    const serde = createAvroSerde({ client, catalog, topicPrefix: namespace.prefix });
    const order: OrderCreated = {
      eventId: 'evt-1',
      occurredAt: 0,
      orderId: 'order-1',
      customerId: 'customer-1',
      items: [],
      currency: 'EUR',
      totalCents: 0,
      channel: 'WEB',
      couponCode: null,
    };
    const schemaId = (await serde.encode('order.created', order)).readInt32BE(1);
    const bomb = Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff, 0x0f]);
    bomb.writeInt32BE(schemaId, 1);

    const started = performance.now();
    const decoded = await createRecordDecoder({ serde })({
      topic: `${namespace.prefix}order.created`,
      partition: 0,
      offset: '0',
      timestamp: '0',
      key: Buffer.from('order-1'),
      headers: {},
      value: bomb,
    });
    const ms = performance.now() - started;

    expect(decoded).toMatchObject({
      error: { code: 'MESSAGE_UNDECODABLE' },
      payloadHex: bomb.toString('hex'),
    });
    expect(ms).toBeLessThan(1_000);
  });
});
