import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { projectPaths } from '@orderflow/config';
import {
  awaitConnectorRunning,
  createConnectClient,
  databasePlaceholders,
  loadConnectorDefinitions,
  renderConnectorConfig,
  type ConnectClient,
} from '@orderflow/connect';
import type { KafkaRecord } from '@orderflow/kafka';
import {
  createPostgresPool,
  dropDatabase,
  dropReplicationSlot,
  ensureDatabase,
  ensureLogicalReplicationSlot,
  resolveDatabaseUrl,
  withDatabase,
  type PostgresPool,
} from '@orderflow/postgres';
import { headerText } from '@orderflow/retry';
import {
  createKafkaConnectComponent,
  isAlive,
  readStackSettings,
  type StackComponent,
} from '@orderflow/stack';
import {
  createTestNamespace,
  freePortRun,
  readAllRecords,
  uniqueName,
  waitFor,
  type TestNamespace,
} from '@orderflow/testing';

// The outbox relay on the real servers: the shared Kafka and PostgreSQL, and a Kafka Connect worker of
// this test's own (Debezium from the stack's cache), so it can be SIGKILLed without touching the stack's.
// The test's own database, outbox table, publication and slot; topics under the namespace prefix.

const CONNECTOR = 'payments-outbox';
// The contract with the payment migrations (docs/outbox-relay.md).
const OUTBOX_DDL = `
  create table outbox (id uuid primary key, aggregate_type text not null, aggregate_id text not null,
    event_type text not null, payload bytea not null, correlation_id text not null, causation_id text not null,
    traceparent text, created_at timestamptz not null default now());
  create publication orderflow_outbox for table outbox with (publish = 'insert')`;

interface OutboxRow {
  id: string;
  orderId: string;
  eventType: 'payment.completed' | 'payment.failed';
  payload: Buffer;
  correlationId: string;
  causationId: string;
  traceparent: string | null;
}

/** A Confluent-framed value: magic byte, schema id 42, then bytes that include 0x00 and 0xff. */
const framedPayload = (): Buffer =>
  Buffer.concat([Buffer.from([0, 0, 0, 0, 42]), randomBytes(24), Buffer.from([0xff, 0x00, 0xfe])]);

const aRow = (overrides: Partial<OutboxRow> = {}): OutboxRow => ({
  id: randomUUID(),
  orderId: `order-${randomUUID()}`,
  eventType: 'payment.completed',
  payload: framedPayload(),
  correlationId: `corr-${randomUUID()}`,
  causationId: randomUUID(),
  traceparent: `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`,
  ...overrides,
});

const eventIdOf = (record: KafkaRecord): string | undefined => headerText(record.headers, 'event-id');

describe('the outbox relay (Kafka Connect + Debezium, real servers)', () => {
  let namespace: TestNamespace;
  let stackDir: string;
  let worker: StackComponent;
  let connect: ConnectClient;
  let databaseUrl: string;
  let pool: PostgresPool;
  const slot = uniqueName('slot').replaceAll('-', '_');

  /** As the payment handler does: the row inserted and deleted in one transaction (the WAL keeps it). */
  const insert = async (row: OutboxRow): Promise<void> => {
    const client = await pool.connect();
    try {
      await client.query('begin');
      await client.query(
        `insert into outbox (id, aggregate_type, aggregate_id, event_type, payload, correlation_id, causation_id, traceparent)
         values ($1, 'order', $2, $3, $4, $5, $6, $7)`,
        [
          row.id,
          row.orderId,
          row.eventType,
          row.payload,
          row.correlationId,
          row.causationId,
          row.traceparent,
        ],
      );
      await client.query('delete from outbox where id = $1', [row.id]);
      await client.query('commit');
    } finally {
      client.release();
    }
  };

  /** Every record of the topic once each of `ids` is among them. */
  const recordsFor = (topic: string, ids: string[], timeoutMs = 90_000): Promise<KafkaRecord[]> =>
    waitFor(
      async () => {
        const records = await readAllRecords(namespace, topic);
        const seen = new Set(records.map(eventIdOf));
        return ids.every((id) => seen.has(id)) ? records : undefined;
      },
      {
        description: `${ids.length} outbox rows on ${namespace.prefix}${topic}`,
        timeoutMs,
        intervalMs: 1_000,
      },
    );

  const startWorker = async (): Promise<void> => {
    worker.start(() => undefined);
    await worker.waitUntilReady(120_000);
  };

  beforeAll(async () => {
    namespace = createTestNamespace('outbox-relay');
    await namespace.createTopics([
      { topic: 'payment.completed', partitions: 3 },
      { topic: 'payment.failed', partitions: 3 },
    ]);
    databaseUrl = withDatabase(resolveDatabaseUrl(), uniqueName('outbox').replaceAll('-', '_'));
    await ensureDatabase(databaseUrl);
    pool = createPostgresPool({ url: databaseUrl, applicationName: 'outbox-relay-test', max: 2 });
    await pool.query(OUTBOX_DDL);

    stackDir = mkdtempSync(join(tmpdir(), 'orderflow-connect-'));
    const settings = readStackSettings({
      ...process.env,
      ORDERFLOW_STACK_DIR: stackDir,
      ORDERFLOW_CONNECT_PORT: String(await freePortRun(1)),
      KAFKA_CONNECT_URL: '',
    });
    worker = createKafkaConnectComponent(settings, namespace.settings.kafkaBrokers, {
      groupId: `${namespace.prefix}connect`,
    });
    await worker.prepare(() => undefined);
    await startWorker();
    connect = createConnectClient(worker.address);

    const definition = loadConnectorDefinitions(join(projectPaths().root, 'connectors')).find(
      (entry) => entry.name === CONNECTOR,
    );
    if (definition === undefined) throw new Error(`connectors/${CONNECTOR}.yaml is missing`);
    const config = renderConnectorConfig(definition, {
      ...databasePlaceholders(databaseUrl),
      TOPIC_PREFIX: namespace.prefix,
    });
    // Slots are per server: the test's own name, created first as `connectors apply` does.
    await ensureLogicalReplicationSlot(databaseUrl, slot);
    expect((await connect.putConfig(CONNECTOR, { ...config, 'slot.name': slot })).created).toBe(true);
    // Idempotent: the same config again changes nothing.
    expect((await connect.putConfig(CONNECTOR, { ...config, 'slot.name': slot })).created).toBe(false);
    await awaitConnectorRunning(connect, CONNECTOR, 90_000);
  }, 300_000);

  afterAll(async () => {
    await connect?.remove(CONNECTOR).catch(() => undefined);
    await worker?.stop();
    if (pool !== undefined) {
      await pool.end();
      await dropReplicationSlot(databaseUrl, slot);
      await dropDatabase(databaseUrl);
    }
    await namespace?.cleanup();
    if (stackDir !== undefined) rmSync(stackDir, { recursive: true, force: true });
  }, 120_000);

  it('relays a row to the topic its event_type names: key, bytes and headers intact', async () => {
    const completed = aRow();
    const failed = aRow({ eventType: 'payment.failed', traceparent: null });
    await insert(completed);
    await insert(failed);

    const [record] = (await recordsFor('payment.completed', [completed.id])).filter(
      (candidate) => eventIdOf(candidate) === completed.id,
    );
    expect(record?.key?.toString()).toBe(completed.orderId);
    expect(record?.value?.equals(completed.payload)).toBe(true);
    expect(headerText(record?.headers, 'correlation-id')).toBe(completed.correlationId);
    expect(headerText(record?.headers, 'causation-id')).toBe(completed.causationId);
    expect(headerText(record?.headers, 'traceparent')).toBe(completed.traceparent);
    // Only the runtime's header names: no duplicate `id`, no Debezium context headers.
    expect(Object.keys(record?.headers ?? {}).sort()).toEqual([
      'causation-id',
      'correlation-id',
      'event-id',
      'traceparent',
    ]);

    const [routed] = (await recordsFor('payment.failed', [failed.id])).filter(
      (candidate) => eventIdOf(candidate) === failed.id,
    );
    expect(routed?.key?.toString()).toBe(failed.orderId);
    expect(routed?.value?.equals(failed.payload)).toBe(true);
    // A NULL traceparent travels as a header without a value, which consumers read as absent.
    expect(headerText(routed?.headers, 'traceparent')).toBeUndefined();
  }, 120_000);

  it('loses nothing when Connect is SIGKILLed and restarted under a stream of inserts; duplicates are the same event', async () => {
    const rows = Array.from({ length: 240 }, () => aRow());
    const [before, whileDown, afterRestart] = [rows.slice(0, 80), rows.slice(80, 160), rows.slice(160)];
    for (const row of before) await insert(row);

    const pid = worker.pid();
    if (pid === undefined) throw new Error('the private Connect worker is not running');
    process.kill(pid, 'SIGKILL');
    await waitFor(() => Promise.resolve(isAlive(pid) ? undefined : true), {
      description: `Connect (pid ${pid}) to die`,
      timeoutMs: 10_000,
    });
    for (const row of whileDown) await insert(row);

    const restarted = startWorker();
    for (const row of afterRestart) await insert(row);
    await restarted;
    await awaitConnectorRunning(connect, CONNECTOR, 120_000);

    const records = await recordsFor(
      'payment.completed',
      rows.map((row) => row.id),
      180_000,
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    const relayed = records.filter((record) => byId.has(eventIdOf(record) ?? ''));
    // Every duplicate is the same event: same key, same bytes, same event id.
    for (const record of relayed) {
      const row = byId.get(eventIdOf(record) ?? '');
      expect(record.key?.toString()).toBe(row?.orderId);
      expect(record.value?.equals(row?.payload ?? Buffer.alloc(0))).toBe(true);
    }
    expect(new Set(relayed.map(eventIdOf)).size).toBe(rows.length);
    console.log(
      `[outbox-relay] ${rows.length} rows, ${relayed.length} records after a SIGKILL of Connect: ` +
        `${relayed.length - rows.length} redelivered as the same event`,
    );
  }, 420_000);
});
