import { loadSchemaCatalog, type OrderCreated } from '@orderflow/contracts';
import type { KafkaRecord } from '@orderflow/kafka';
import { createAvroSerde, createRegistryClient, registerSchemas } from '@orderflow/registry';
import { createTestNamespace, ensureKcat, kafkaFor, kcatConsume, waitFor } from '@orderflow/testing';

// The whole stack in one pass: an Avro order.created keyed by its order id goes through the registry,
// the broker and a consumer group, and reads back the same with Debian's kcat.
describe('smoke: one order.created through Kafka, the schema registry and kcat', () => {
  const namespace = createTestNamespace('smoke');
  const topic = `${namespace.prefix}order.created`;
  const groupId = `${namespace.prefix}smoke`;
  const kafka = kafkaFor(namespace, 'orderflow-smoke');

  beforeAll(() => ensureKcat());
  afterAll(() => namespace.cleanup());

  it('produces, consumes in a group with a commit, decodes through the registry, and kcat sees the same bytes', async () => {
    const admin = await namespace.admin();
    await namespace.createTopics([{ topic: 'order.created', partitions: 3 }]);
    const client = createRegistryClient({ url: namespace.settings.schemaRegistryUrl });
    const catalog = loadSchemaCatalog();
    const [registration] = await registerSchemas({
      client,
      catalog,
      topicPrefix: namespace.prefix,
      topics: ['order.created'],
    });
    const schemaId = registration?.ids.at(-1);
    const serde = createAvroSerde({ client, catalog, topicPrefix: namespace.prefix });

    const order: OrderCreated = {
      eventId: 'evt-smoke-1',
      occurredAt: Date.parse('2026-11-21T12:00:00.000Z'),
      orderId: 'order-smoke-1',
      customerId: 'customer-42',
      items: [
        { sku: 'SKU-RED-MUG', quantity: 2, unitPriceCents: 1250 },
        { sku: 'SKU-BLUE-CAP', quantity: 1, unitPriceCents: 1999 },
      ],
      currency: 'EUR',
      totalCents: 4499,
      channel: 'WEB',
      couponCode: null,
    };
    const value = await serde.encode('order.created', order);

    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    const [written] = await producer.send({
      topic,
      messages: [{ key: order.orderId, value, headers: { 'correlation-id': 'corr-smoke-1' } }],
    });
    await producer.disconnect();
    if (!written) throw new Error('the broker acknowledged nothing');

    const consumer = kafka.consumer({ groupId });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const received = await new Promise<KafkaRecord>((resolve) => {
      void consumer.run({ eachMessage: (record) => Promise.resolve(resolve(record)) });
    });
    await consumer.disconnect();

    expect(received.partition).toBe(written.partition);
    expect(received.key?.toString()).toBe(order.orderId);
    expect(received.headers?.['correlation-id']?.toString()).toBe('corr-smoke-1');
    expect(await serde.decode(received.value ?? Buffer.alloc(0))).toEqual({
      schemaId,
      topic: 'order.created',
      value: order,
    });

    const nextOffset = String(Number(written.baseOffset) + 1);
    const committed = await waitFor(
      async () => {
        const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
        const partition = offsets?.partitions.find((entry) => entry.partition === written.partition);
        return partition?.offset === nextOffset ? partition.offset : undefined;
      },
      { description: `the group's commit of offset ${nextOffset}`, timeoutMs: 15_000 },
    );
    expect(committed).toBe(nextOffset);

    const [seenByKcat, ...more] = kcatConsume({
      brokers: namespace.settings.kafkaBrokers,
      topic,
      partition: written.partition,
      offset: Number(written.baseOffset),
      count: 1,
    });
    expect(more).toEqual([]);
    expect(seenByKcat?.key?.toString('utf8')).toBe(order.orderId);
    expect(seenByKcat?.headers).toEqual(['correlation-id', 'corr-smoke-1']);
    expect(seenByKcat?.payload).toEqual(value);
    // Confluent framing: magic byte 0, then the registry's schema id as a big-endian int32.
    expect(seenByKcat?.payload?.readUInt8(0)).toBe(0);
    expect(seenByKcat?.payload?.readUInt32BE(1)).toBe(schemaId);
  });
});
