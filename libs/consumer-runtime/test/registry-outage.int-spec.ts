import type { OrderCreated } from '@orderflow/contracts';
import {
  createAvroSerde,
  createRegistryClient,
  encodeWireFormat,
  registerSchemas,
} from '@orderflow/registry';
import { FAILURE_HEADER } from '@orderflow/retry';
import { produceRecords, readAllRecords, waitFor, type TestNamespace } from '@orderflow/testing';

import { orderCreatedCatalog } from '../../registry/test/registry-test-helpers';
import { anOrder, startProbe, type Probe } from './runtime-test-kit';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';

const UNKNOWN_SCHEMA_RETRIES = 3;

const header = (headers: Record<string, unknown> | undefined, name: string): string | undefined =>
  (headers?.[name] as Buffer | undefined)?.toString();

/** The committed offset of the probe group on order.created's only partition (-1: nothing committed). */
const committedOffset = async (namespace: TestNamespace): Promise<number> => {
  const [topic] = await (
    await namespace.admin()
  ).fetchOffsets({ groupId: `${namespace.prefix}probe`, topics: [`${namespace.prefix}order.created`] });
  return Number(topic?.partitions[0]?.offset ?? -1);
};

/** orderflow_messages_handled_total of order.created records with this outcome, from /metrics. */
const handledCount = async (probe: Probe, outcome: string): Promise<number> => {
  const text = await (await fetch(`${probe.service.url}/metrics`)).text();
  const line = text
    .split('\n')
    .find(
      (row) => row.startsWith('orderflow_messages_handled_total{') && row.includes(`outcome="${outcome}"`),
    );
  return line === undefined ? 0 : Number(line.split(' ').pop());
};

const registryDown = async (probe: Probe): Promise<boolean> => {
  const response = await fetch(`${probe.service.url}/health/ready`);
  const body = (await response.json()) as { details?: Record<string, { status: string }> };
  return response.status === 503 && body.details?.schemaRegistry?.status === 'down';
};

describe('consumer runtime: a schema registry that is down or does not know an id', () => {
  let proxy: TcpProxy;
  let probe: Probe;
  /** The registry id of order.created v2, a version the probe's own code (v1) never cached. */
  let newerId: number;
  /** Encodes with order.created v2: what a newer producer writes. */
  let encodeNewer: (order: OrderCreated) => Promise<Buffer>;

  beforeAll(async () => {
    const registry = new URL(process.env.SCHEMA_REGISTRY_URL ?? 'http://127.0.0.1:18081/apis/ccompat/v7');
    proxy = await startTcpProxy({ host: registry.hostname, port: Number(registry.port) });
    const newer = orderCreatedCatalog('v2-compatible');
    probe = await startProbe('runtime-registry', {
      settings: { schemaRegistryUrl: `http://${proxy.address}${registry.pathname}` },
      consumer: {
        unknownSchemaRetries: UNKNOWN_SCHEMA_RETRIES,
        unknownSchemaRetryMs: 300,
        commitIntervalMs: 200,
      },
      prepare: async (namespace) => {
        const client = createRegistryClient({ url: namespace.settings.schemaRegistryUrl });
        const [registration] = await registerSchemas({
          client,
          catalog: newer,
          topicPrefix: namespace.prefix,
        });
        newerId = registration?.ids[1] ?? 0;
        const serde = createAvroSerde({ client, catalog: newer, topicPrefix: namespace.prefix });
        encodeNewer = (order) =>
          serde.encode('order.created', { ...order, couponCode: 'WELCOME' } as OrderCreated);
      },
    });
  });

  afterAll(async () => {
    await probe.close();
    await proxy.close();
  });

  it('a registry outage with a cold schema cache defers records: nothing in the retry tiers or DLQ, no commit past them, each processed once after it heals (F5)', async () => {
    const { namespace, serde, calls } = probe;
    const cold = ['order-cold-1', 'order-cold-2', 'order-cold-3'].map((orderId) => anOrder(orderId));
    const warm = anOrder('order-warm');
    proxy.cutOff();
    const outageStarted = Date.now();
    await produceRecords(namespace, 'order.created', [
      { key: cold[0]!.orderId, value: await encodeNewer(cold[0]!) },
      { key: cold[1]!.orderId, value: await encodeNewer(cold[1]!) },
      // Written by our own producer's schema, cached at start: handled even while the registry is down.
      { key: warm.orderId, value: await serde.encode('order.created', warm) },
      { key: cold[2]!.orderId, value: await encodeNewer(cold[2]!) },
    ]);

    await waitFor(() => Promise.resolve(calls.some((call) => call.orderId === warm.orderId) || undefined), {
      description: 'the record of a cached schema handled during the outage',
      timeoutMs: 15_000,
    });
    await waitFor(async () => (await registryDown(probe)) || undefined, {
      description: 'readiness naming the schema registry',
      timeoutMs: 10_000,
    });
    // Several rounds of back-off have passed with the records still waiting, not climbing the tiers.
    await waitFor(async () => ((await handledCount(probe, 'deferred')) >= 6 ? true : undefined), {
      description: 'the cold records deferred over several back-off rounds',
      timeoutMs: 20_000,
    });
    const deferredDuringOutage = await handledCount(probe, 'deferred');
    expect(calls.filter((call) => call.orderId.startsWith('order-cold'))).toEqual([]);
    expect(await readAllRecords(namespace, 'probe.retry-300ms')).toEqual([]);
    expect(await readAllRecords(namespace, 'probe.dlq')).toEqual([]);
    expect(await committedOffset(namespace)).toBeLessThanOrEqual(0);
    const outageMs = Date.now() - outageStarted;

    // It comes back still replaying its storage: the newer id is unknown for two more lookups.
    proxy.hideSchemaId(newerId, 2);
    proxy.heal();
    const healed = Date.now();
    await waitFor(
      () =>
        Promise.resolve(
          cold.every((order) => calls.some((call) => call.orderId === order.orderId)) || undefined,
        ),
      { description: 'every cold record handled after the registry healed', timeoutMs: 30_000 },
    );
    const recoveryMs = Date.now() - healed;
    await waitFor(async () => ((await committedOffset(namespace)) === 4 ? true : undefined), {
      description: 'the offset committed past all four records',
      timeoutMs: 10_000,
    });
    expect(proxy.notFoundServed).toBe(2);
    for (const order of [...cold, warm]) {
      expect(calls.filter((call) => call.orderId === order.orderId)).toHaveLength(1);
    }
    expect(await readAllRecords(namespace, 'probe.retry-300ms')).toEqual([]);
    expect(await readAllRecords(namespace, 'probe.dlq')).toEqual([]);
    console.log(
      `F5 outage: ${outageMs} ms cut off, ${deferredDuringOutage} deferrals, 0 records in tiers/DLQ, committed offset stayed ≤ 0; ` +
        `after healing (2 transient 404s) all 3 cold records handled once in ${recoveryMs} ms, offset committed at 4`,
    );
  });

  it('an unknown schema id is read again a bounded number of times, then dead-lettered (F5)', async () => {
    const { namespace } = probe;
    const unknownId = 2_000_000_000;
    proxy.count(`/schemas/ids/${unknownId}`);
    await produceRecords(namespace, 'order.created', [
      { key: 'order-unknown-id', value: encodeWireFormat(unknownId, Buffer.from([2, 0x61])) },
    ]);
    const [dead] = await waitFor(
      async () => {
        const records = await readAllRecords(namespace, 'probe.dlq');
        return records.length > 0 ? records : undefined;
      },
      { description: 'the unknown-id record in probe.dlq', timeoutMs: 20_000 },
    );
    expect(dead?.key?.toString()).toBe('order-unknown-id');
    expect(header(dead?.headers, FAILURE_HEADER.errorCode)).toBe('SCHEMA_ID_UNKNOWN');
    expect(header(dead?.headers, FAILURE_HEADER.dlqReason)).toBe('non-retriable');
    const lookups = proxy.seen.get(`/schemas/ids/${unknownId}`);
    expect(lookups).toBe(UNKNOWN_SCHEMA_RETRIES + 1);
    expect(await readAllRecords(namespace, 'probe.retry-300ms')).toEqual([]);
    console.log(`F5 unknown id: ${lookups} registry lookups, then 1 record in the DLQ (SCHEMA_ID_UNKNOWN)`);
  });
});
