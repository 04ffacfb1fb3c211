import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { projectPaths } from '@orderflow/config';
import { loadSchemaCatalog, type OrderCreated, type SchemaCatalog } from '@orderflow/contracts';
import {
  createAvroSerde,
  createRegistryClient,
  encodeWireFormat,
  registerSchemas,
} from '@orderflow/registry';
import { FAILURE_HEADER } from '@orderflow/retry';
import { produceRecords, readAllRecords, waitFor, type TestNamespace } from '@orderflow/testing';

import { anOrder, startProbe, type Probe } from './runtime-test-kit';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';

const UNKNOWN_SCHEMA_RETRIES = 3;
// A third of it is how long a decode waits for a registry that does not answer.
const SESSION_TIMEOUT_MS = 9_000;

/**
 * order.created as newer producers write it: the real v1, v2 with an optional couponCode, v3 with an
 * optional giftNote too.
 */
const newerCatalogs = (): { upToV2: SchemaCatalog; upToV3: SchemaCatalog } => {
  const v2Text = readFileSync(
    join(__dirname, '../../registry/test/fixtures/order.created/v2-compatible.avsc'),
    'utf8',
  );
  const v3 = JSON.parse(v2Text) as { fields: unknown[] };
  v3.fields.push({ name: 'giftNote', type: ['null', 'string'], default: null });
  const catalog = (versions: string[]): SchemaCatalog => {
    const schemasDir = join(mkdtempSync(join(tmpdir(), 'runtime-registry-')), 'schemas');
    const dir = join(schemasDir, 'order.created');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'v1.avsc'),
      readFileSync(join(projectPaths().schemasDir, 'order.created', 'v1.avsc')),
    );
    versions.forEach((text, index) => writeFileSync(join(dir, `v${index + 2}.avsc`), text));
    return loadSchemaCatalog({ schemasDir });
  };
  return { upToV2: catalog([v2Text]), upToV3: catalog([v2Text, JSON.stringify(v3)]) };
};

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
  /** Encode with order.created v2 and v3: what newer producers write, never cached by the probe. */
  let encodeNewer: (order: OrderCreated) => Promise<Buffer>;
  let encodeNewest: (order: OrderCreated) => Promise<Buffer>;

  beforeAll(async () => {
    const registry = new URL(process.env.SCHEMA_REGISTRY_URL ?? 'http://127.0.0.1:18081/apis/ccompat/v7');
    proxy = await startTcpProxy({ host: registry.hostname, port: Number(registry.port) });
    const { upToV2, upToV3 } = newerCatalogs();
    probe = await startProbe('runtime-registry', {
      settings: { schemaRegistryUrl: `http://${proxy.address}${registry.pathname}` },
      consumer: {
        unknownSchemaRetries: UNKNOWN_SCHEMA_RETRIES,
        unknownSchemaRetryMs: 300,
        commitIntervalMs: 200,
        sessionTimeoutMs: SESSION_TIMEOUT_MS,
      },
      prepare: async (namespace) => {
        const client = createRegistryClient({ url: namespace.settings.schemaRegistryUrl });
        const [registration] = await registerSchemas({
          client,
          catalog: upToV3,
          topicPrefix: namespace.prefix,
        });
        newerId = registration?.ids[1] ?? 0;
        const v2 = createAvroSerde({ client, catalog: upToV2, topicPrefix: namespace.prefix });
        const v3 = createAvroSerde({ client, catalog: upToV3, topicPrefix: namespace.prefix });
        encodeNewer = (order) => v2.encode('order.created', { ...order, couponCode: 'WELCOME' });
        encodeNewest = (order) =>
          v3.encode('order.created', { ...order, couponCode: null, giftNote: 'enjoy' } as OrderCreated);
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

  it('a registry that hangs (black hole) is given up on within a third of the session: records deferred, the consumer stays in its group, all handled once it answers (F5)', async () => {
    const { namespace, service, calls } = probe;
    const hung = ['order-hung-1', 'order-hung-2'].map((orderId) => anOrder(orderId));
    const deferredBefore = await handledCount(probe, 'deferred');
    proxy.blackHole();
    const started = Date.now();
    await produceRecords(
      namespace,
      'order.created',
      await Promise.all(
        hung.map(async (order) => ({ key: order.orderId, value: await encodeNewest(order) })),
      ),
    );
    await waitFor(
      async () => ((await handledCount(probe, 'deferred')) >= deferredBefore + 2 ? true : undefined),
      {
        description: 'the records deferred twice while the registry hangs',
        timeoutMs: 20_000,
      },
    );
    const hungMs = Date.now() - started;
    expect(service.consumerStatus().state).toBe('running');
    expect(await registryDown(probe)).toBe(true);
    expect(calls.filter((call) => call.orderId.startsWith('order-hung'))).toEqual([]);
    expect(await readAllRecords(namespace, 'probe.dlq')).toHaveLength(1); // the unknown id's, from before

    proxy.heal();
    const healed = Date.now();
    await waitFor(
      () =>
        Promise.resolve(
          hung.every((order) => calls.some((call) => call.orderId === order.orderId)) || undefined,
        ),
      { description: 'both records handled after the registry answered again', timeoutMs: 30_000 },
    );
    for (const order of hung) expect(calls.filter((call) => call.orderId === order.orderId)).toHaveLength(1);
    expect(await readAllRecords(namespace, 'probe.retry-300ms')).toEqual([]);
    console.log(
      `F5 black hole: 2 deferrals in ${hungMs} ms (decode gives up after ${SESSION_TIMEOUT_MS / 3} ms), consumer still running; ` +
        `both records handled once ${Date.now() - healed} ms after the registry answered again`,
    );
  });
});
