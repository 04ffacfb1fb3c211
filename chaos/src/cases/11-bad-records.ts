import { randomUUID } from 'node:crypto';

import type { InventoryReserved, OrderCreated, PaymentCompleted } from '@orderflow/contracts';
import type { RecordHeaders } from '@orderflow/kafka';
import {
  aPaymentCompleted,
  anInventoryReserved,
  arrayCountBomb,
  framing,
  manyHeaders,
  produceRecords,
} from '@orderflow/testing';

import type { CaseContext, ChaosCase } from '../case.types';
import type { InvariantResult } from '../check/invariant.types';

/** The two topics the audit poisons: the first of the pipeline, and one read by payment. */
const TOPICS = ['order.created', 'inventory.reserved'] as const;
type PoisonedTopic = (typeof TOPICS)[number];

interface Poison {
  kind: string;
  key: string | null;
  value: Buffer | null;
  headers?: RecordHeaders;
  /** What I6 knows it by: the key, or the event id when the record decodes (null key, key ≠ orderId). */
  identity: string;
}

/** Under 1 MiB (the audit's size), far over the 256 KiB event topics take: the broker must refuse it. */
const OVERSIZE_BYTES = 1_048_576 - 100;

const anOrderCreated = (orderId: string): OrderCreated => ({
  eventId: randomUUID(),
  occurredAt: Date.now(),
  orderId,
  customerId: 'chaos-poison',
  items: [{ sku: 'SKU-BOOK-001', quantity: 1, unitPriceCents: 100 }],
  currency: 'EUR',
  totalCents: 100,
  channel: 'WEB',
  couponCode: null,
});

/** A valid value of the topic for a fresh order, and its event id. */
const validValue = async (
  { system }: CaseContext,
  topic: PoisonedTopic,
): Promise<{ value: Buffer; eventId: string }> => {
  const orderId = randomUUID();
  const event: OrderCreated | InventoryReserved =
    topic === 'order.created' ? anOrderCreated(orderId) : anInventoryReserved({ orderId });
  return { value: await system.pipeline.serde.encode(topic, event), eventId: event.eventId };
};

/** The audit's corpus for one topic; each record keyed so I6 can tell it apart. */
const corpus = async (context: CaseContext, topic: PoisonedTopic): Promise<Poison[]> => {
  const key = (kind: string) => `poison-${topic}-${kind}-${randomUUID().slice(0, 8)}`;
  const keyed = (kind: string, value: Buffer | null, headers?: RecordHeaders): Poison => {
    const poisonKey = key(kind);
    return { kind, key: poisonKey, value, identity: poisonKey, ...(headers ? { headers } : {}) };
  };
  const valid = await validValue(context, topic);
  const schemaId = valid.value.readInt32BE(1);
  const other: PaymentCompleted = aPaymentCompleted({ orderId: randomUUID() });
  const nullKeyed = await validValue(context, topic);
  const misKeyed = await validValue(context, topic);
  return [
    keyed('malformed', Buffer.from('this is not avro')),
    keyed('json', Buffer.from(JSON.stringify({ orderId: 'json-order', items: [] }))),
    keyed('empty', Buffer.alloc(0)),
    keyed('tombstone', null),
    keyed('unknown-schema-id', Buffer.concat([framing(2_000_000_000), valid.value.subarray(5)])),
    keyed('other-topics-schema', await context.system.pipeline.serde.encode('payment.completed', other)),
    keyed('truncated', valid.value.subarray(0, Math.floor(valid.value.length / 2))),
    keyed('trailing-bytes', Buffer.concat([valid.value, Buffer.from([1, 2, 3, 4])])),
    keyed('array-bomb', arrayCountBomb(schemaId)),
    keyed('16k-headers', Buffer.from('x'), manyHeaders(16_000)),
    { kind: 'null-key', key: null, value: nullKeyed.value, identity: nullKeyed.eventId },
    { kind: 'key-not-order-id', key: key('mis-keyed'), value: misKeyed.value, identity: misKeyed.eventId },
  ];
};

/** Produces one record on its own, so one refused record cannot take the others with it. */
const inject = async (context: CaseContext, topic: PoisonedTopic, poison: Poison): Promise<void> => {
  await produceRecords(context.system.pipeline.namespace, topic, [
    { key: poison.key, value: poison.value, ...(poison.headers ? { headers: poison.headers } : {}) },
  ]);
  context.poison.add(poison.identity);
  context.faults.note(`poison ${poison.kind}`, topic);
};

/** A 1 MiB value must be refused by the broker (event topics take 256 KiB), so it never reaches a group. */
const oversize = async (context: CaseContext, topic: PoisonedTopic): Promise<InvariantResult> => {
  const refused = await produceRecords(context.system.pipeline.namespace, topic, [
    { key: `poison-${topic}-oversize`, value: Buffer.alloc(OVERSIZE_BYTES, 7) },
  ]).then(
    () => false,
    () => true,
  );
  return {
    id: `C11-oversize-${topic}`,
    name: `a ${OVERSIZE_BYTES}-byte value is refused by ${topic}`,
    pass: refused,
    counts: { refused: refused ? 1 : 0 },
    examples: [],
  };
};

/** Bad HTTP input the audit lists (F13): each must get a 4xx, never a 202 or a 5xx. */
const BAD_BODIES: { kind: string; body: string }[] = [
  {
    kind: 'lone-surrogate-skus',
    body: '{"customerId":"c","currency":"EUR","items":[{"sku":"A\\ud800","quantity":1,"unitPriceCents":1},{"sku":"A\\udbff","quantity":1,"unitPriceCents":1}]}',
  },
  {
    kind: 'crlf-customer',
    body: '{"customerId":"c\\r\\nBcc: x","currency":"EUR","items":[{"sku":"SKU-BOOK-001","quantity":1,"unitPriceCents":1}]}',
  },
  // An unknown field is dropped, so a valid order nested this deep is placed (202, not the audit's 500):
  // the currency is wrong too, so the answer must be a 400 naming it and no order is placed behind the
  // client's ledger.
  {
    kind: 'deep-nesting',
    body: `{"customerId":"c","currency":"EURO","items":[{"sku":"SKU-BOOK-001","quantity":1,"unitPriceCents":1}],"x":${'['.repeat(30_000)}${']'.repeat(30_000)}}`,
  },

  { kind: 'not-json', body: '{"customerId":' },
];

const badHttp = async ({ system }: CaseContext): Promise<InvariantResult> => {
  const examples: unknown[] = [];
  let fourXx = 0;
  for (const { kind, body } of BAD_BODIES) {
    const response = await fetch(`${system.orderApiUrl()}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `bad-http-${kind}-${randomUUID()}` },
      body,
      signal: AbortSignal.timeout(15_000),
    }).catch(() => undefined);
    const status = response?.status ?? 0;
    if (status >= 400 && status < 500) fourXx += 1;
    else examples.push({ kind, status });
  }
  return {
    id: 'C11-http',
    name: 'bad HTTP input answered 4xx',
    pass: examples.length === 0,
    counts: { requests: BAD_BODIES.length, fourXx },
    examples,
  };
};

/**
 * Case 11: the audit's corpus of bad records (malformed, JSON, empty, tombstone, unknown schema id, another
 * topic's schema, truncated, trailing bytes, the 14-byte array bomb, 16 000 headers, null key, key ≠
 * orderId) produced as raw bytes into order.created and inventory.reserved under load, a 1 MiB value that
 * the broker must refuse, and bad HTTP bodies. Expected: I6, each bad record in the DLQs of the groups that
 * read it and nothing else there, every group consuming on, HTTP answering 4xx.
 */
export const badRecords: ChaosCase = {
  number: 11,
  name: 'bad-records',
  title: 'a corpus of bad records into order.created and inventory.reserved, a 1 MiB value, bad HTTP input',
  async inject(context) {
    if (!(await context.faults.whenInFlight())) return;
    for (const topic of TOPICS) {
      for (const poison of await corpus(context, topic)) await inject(context, topic, poison);
      context.checks.push(await oversize(context, topic));
    }
    context.checks.push(await badHttp(context));
    context.faults.healed('bad records injected');
  },
};
