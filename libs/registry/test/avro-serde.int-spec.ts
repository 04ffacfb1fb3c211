import { loadSchemaCatalog } from '@orderflow/contracts';
import type { OrderCreated } from '@orderflow/contracts';
import { isOrderflowError } from '@orderflow/errors';
import { createAvroSerde, encodeWireFormat, registerSchemas } from '@orderflow/registry';

import { orderCreatedCatalog, registryTestContext } from './registry-test-helpers';

const order: OrderCreated = {
  eventId: 'evt-1',
  occurredAt: 1_763_769_600_000,
  orderId: 'order-1',
  customerId: 'customer-1',
  items: [{ sku: 'SKU-1', quantity: 2, unitPriceCents: 1250 }],
  currency: 'EUR',
  totalCents: 2500,
  channel: 'WEB',
  couponCode: null,
};

const failure = async (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('createAvroSerde against the real registry', () => {
  const { client, topicPrefix, cleanup } = registryTestContext();
  const catalog = loadSchemaCatalog();
  const serde = createAvroSerde({ client, catalog, topicPrefix });
  afterAll(cleanup);

  it('round-trips an event through the Confluent wire format with the id of the latest version', async () => {
    const registrations = await registerSchemas({ client, catalog, topicPrefix, topics: ['order.created'] });
    const latestId = registrations[0]?.ids.at(-1);
    const encoded = await serde.encode('order.created', order);

    expect(encoded.readUInt8(0)).toBe(0);
    expect(encoded.readInt32BE(1)).toBe(latestId);
    expect(await serde.decode(encoded)).toEqual({
      schemaId: latestId,
      topic: 'order.created',
      value: order,
    });
  });

  it('raises SCHEMA_ID_UNKNOWN for an id the registry does not have', async () => {
    const error = await failure(serde.decode(encodeWireFormat(2_000_000_000, Buffer.from([2, 0x61]))));
    expect(isOrderflowError(error, 'SCHEMA_ID_UNKNOWN')).toBe(true);
  });

  it('raises MESSAGE_UNDECODABLE for bytes that are not the schema body', async () => {
    const registrations = await registerSchemas({ client, catalog, topicPrefix, topics: ['order.created'] });
    const error = await failure(
      serde.decode(encodeWireFormat(registrations[0]?.ids[0] ?? 0, Buffer.from([0xff, 0xff, 0xff]))),
    );
    expect(isOrderflowError(error, 'MESSAGE_UNDECODABLE')).toBe(true);
  });

  it('raises EVENT_INVALID naming the field of an event that does not match its schema', async () => {
    const error = await failure(
      serde.encode('order.created', { ...order, totalCents: 'lots' as unknown as number }),
    );
    expect(isOrderflowError(error, 'EVENT_INVALID')).toBe(true);
    expect((error as Error).message).toContain('totalCents');
  });

  it('raises a retriable SCHEMA_NOT_REGISTERED until the schema is registered, then encodes', async () => {
    const completed = {
      eventId: 'e',
      occurredAt: 1,
      orderId: 'o',
      customerId: 'c',
      paymentId: 'p',
      amountCents: 1,
      currency: 'EUR',
    };
    const error = await failure(serde.encode('payment.completed', completed));
    expect(isOrderflowError(error, 'SCHEMA_NOT_REGISTERED')).toBe(true);
    // A registry still replaying its journal answers "not registered" for a while: the follow-up must wait
    // in the retry tiers rather than be dead-lettered (chaos case 10).
    expect(isOrderflowError(error) && error.retriable).toBe(true);

    const registrations = await registerSchemas({
      client,
      catalog,
      topicPrefix,
      topics: ['payment.completed'],
    });
    const encoded = await serde.encode('payment.completed', completed);
    expect(encoded.readInt32BE(1)).toBe(registrations[0]?.ids[0]);
  });

  it('decodes data written with a newer compatible version into the shape this code knows', async () => {
    const newer = orderCreatedCatalog('v2-compatible');
    await registerSchemas({ client, catalog: newer, topicPrefix });
    const written = await createAvroSerde({ client, catalog: newer, topicPrefix }).encode('order.created', {
      ...order,
      couponCode: 'WELCOME',
    });

    const decoded = await serde.decode(written);
    expect(decoded.topic).toBe('order.created');
    // The fixture writes couponCode but no channel: the local v2 reads the one and defaults the other.
    expect(decoded.value).toEqual({ ...order, channel: 'UNKNOWN', couponCode: 'WELCOME' });
  });
});
