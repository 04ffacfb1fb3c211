import { execFileSync } from 'node:child_process';
import { Readable } from 'node:stream';

import { loadSchemaCatalog, type OrderCreated } from '@orderflow/contracts';
import { createAvroSerde, createRegistryClient, registerSchemas } from '@orderflow/registry';
import { createTestNamespace, encodeAsVersion, ensureKcat, produceRecords } from '@orderflow/testing';

import { createRecordDecoder, decodeKcatStream, type InspectedRecord, type UnreadableLine } from '../src';

// Real kcat -J output of real Avro records (bytes >= 0x80 included) through the real registry.
describe('decodeKcatStream on kcat -J output', () => {
  const namespace = createTestNamespace('inspect-decode');
  const topic = `${namespace.prefix}order.created`;

  beforeAll(() => ensureKcat());
  afterAll(() => namespace.cleanup());

  it('decodes every Avro record, v1 and v2 alike with the version that wrote each, and reports the undecodable one with its bytes, without stopping', async () => {
    await namespace.createTopics([{ topic: 'order.created', partitions: 1 }]);
    const client = createRegistryClient({ url: namespace.settings.schemaRegistryUrl });
    const catalog = loadSchemaCatalog();
    await registerSchemas({ client, catalog, topicPrefix: namespace.prefix, topics: ['order.created'] });
    const serde = createAvroSerde({ client, catalog, topicPrefix: namespace.prefix });
    const order = (n: number): OrderCreated => ({
      eventId: `evt-${n}`,
      occurredAt: Date.parse('2026-11-21T12:00:00.000Z'),
      orderId: `order-${n}`,
      customerId: 'customer-é',
      // 200 and 1999 encode as zig-zag varints with bytes >= 0x80: the bytes kcat writes raw.
      items: [{ sku: 'SKU-RED-MUG', quantity: 200, unitPriceCents: 1999 }],
      currency: 'EUR',
      totalCents: 399_800,
      channel: 'WEB',
      couponCode: null,
    });
    await produceRecords(namespace, 'order.created', [
      {
        key: 'order-1',
        value: await serde.encode('order.created', order(1)),
        headers: { 'correlation-id': 'c-1' },
      },
      { key: 'order-x', value: Buffer.from('{"not":"avro"}') },
      // What a producer still on v1 writes, beside the v2 records of the current one.
      {
        key: 'order-2',
        value: await encodeAsVersion({
          client,
          topic: 'order.created',
          version: 1,
          value: { ...order(2), channel: undefined, couponCode: undefined },
          topicPrefix: namespace.prefix,
        }),
      },
    ]);
    const output = execFileSync(
      'kcat',
      [
        '-b',
        namespace.settings.kafkaBrokers.join(','),
        '-C',
        '-J',
        '-q',
        '-e',
        '-t',
        topic,
        '-o',
        'beginning',
      ],
      { timeout: 30_000 },
    );

    const decoded: (InspectedRecord | UnreadableLine)[] = [];
    for await (const record of decodeKcatStream({
      input: Readable.from([output]),
      decode: createRecordDecoder({ serde, registry: client }),
    })) {
      decoded.push(record);
    }

    expect(decoded).toHaveLength(3);
    expect(decoded[0]).toMatchObject({
      topic,
      partition: 0,
      offset: 0,
      key: 'order-1',
      headers: { 'correlation-id': 'c-1' },
      schemaId: expect.any(Number) as number,
      writer: { subject: `${topic}-value`, version: 2 },
      value: order(1),
    });
    expect(decoded[1]).toMatchObject({
      offset: 1,
      key: 'order-x',
      error: { code: 'MESSAGE_UNDECODABLE' },
      payloadHex: Buffer.from('{"not":"avro"}').toString('hex'),
    });
    // Read into the current type: the defaults stand in for what v1 did not write.
    expect(decoded[2]).toMatchObject({
      offset: 2,
      writer: { subject: `${topic}-value`, version: 1 },
      value: { ...order(2), channel: 'UNKNOWN', couponCode: null },
    });
  });
});
