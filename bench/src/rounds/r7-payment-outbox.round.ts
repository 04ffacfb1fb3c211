import { createConnectClient, resolveConnectUrl } from '@orderflow/connect';
import { startPipeline } from '@orderflow/e2e';
import { databaseName, replicationSlotLags, resolveDatabaseUrl } from '@orderflow/postgres';
import { waitFor, type OutboxRelay } from '@orderflow/testing';

import { benchKafka, benchProducer, deadlineFor, disconnectAll, sendInBatches } from '../bench-kafka';
import { describeRow, startStopwatch } from '../measure';
import type { Round, RoundContext, RowResult } from '../round.types';
import { produceAtRate, reservedRecords } from './r7-load';
import { startRelayReader, type RelayReader } from './r7-relay-reader';
import { R7_RATE, r7Results } from './r7-rows';

/** Fifteen seconds at the rate, whatever --messages says (which sizes the backlog): a p99 over 750 orders. */
const RATE_ORDERS = 15 * R7_RATE;

/** Whatever the round did, its connector and its slots must be gone from the worker and the server. */
const assertRelayRemoved = async (relay: OutboxRelay): Promise<void> => {
  const connector = await createConnectClient(resolveConnectUrl()).status(relay.connector);
  const database = databaseName(relay.database.url);
  const slots = (await replicationSlotLags(resolveDatabaseUrl())).filter(
    (slot) => slot.database === database,
  );
  const left = [
    ...(connector ? [`connector ${relay.connector}`] : []),
    ...slots.map((slot) => `slot ${slot.slotName}`),
  ];
  if (left.length > 0) throw new Error(`R7 left ${left.join(', ')} behind after closing its pipeline.`);
};

/**
 * R7: payment's ledger and outbox in PostgreSQL, relayed by Debezium. A pipeline of its own (namespace,
 * migrated database, connector and slot) with payment alone, in this process as R3's pipeline runs it.
 * A backlog of inventory.reserved is loaded first and payment started on it: ledger commits per second,
 * and events per second read off payment.* (the relay included). Then a steady open-loop rate: commit →
 * read latency per order, the commit time being the commit record's timestamp in the WAL.
 */
const run = async (ctx: RoundContext): Promise<RowResult[]> => {
  const pipeline = await startPipeline(`bench-r7-${ctx.repetition}`, {
    services: [],
    // The service's default failure rate, so both topics carry events; no simulated gateway wait.
    overrides: { PAYMENT_SEED: 'bench', PAYMENT_FAILURE_RATE: '0.1', PAYMENT_LATENCY_MS: '0' },
  });
  const { namespace, serde, relay } = pipeline;
  const kafka = benchKafka(ctx.settings, 'orderflow-bench-r7');
  const topic = `${namespace.prefix}inventory.reserved`;
  let producer: Awaited<ReturnType<typeof benchProducer>> | undefined;
  let reader: RelayReader | undefined;
  try {
    producer = await benchProducer(kafka);
    reader = await startRelayReader(kafka, namespace.prefix);
    const relayReader = reader;
    const until = async (what: string, count: number, reached: () => Promise<number>): Promise<void> => {
      let last = 0;
      await waitFor(
        async () => {
          last = await reached();
          return last >= count ? true : undefined;
        },
        { description: `${count} ${what}`, timeoutMs: deadlineFor(count, 20), intervalMs: 20 },
      ).catch((error: unknown) => {
        throw new Error(`${last} of ${count} ${what} in time`, { cause: error });
      });
    };
    const ledgerRows = async (): Promise<number> => {
      const row = await relay.database.db
        .selectFrom('payments')
        .select((eb) => eb.fn.countAll<string>().as('rows'))
        .executeTakeFirstOrThrow();
      return Number(row.rows);
    };

    const backlog = ctx.scaled(5);
    await sendInBatches(producer, topic, await reservedRecords(serde, 0, backlog));
    ctx.progress(`${backlog} inventory.reserved loaded; starting payment`);
    const backlogWatch = startStopwatch();
    await pipeline.start('payment');
    await until('ledger rows', backlog, ledgerRows);
    await until('events relayed', backlog, () => Promise.resolve(relayReader.relayed()));
    const backlogMeasurement = backlogWatch.stop();

    ctx.progress(`${RATE_ORDERS} more at ${R7_RATE}/s`);
    const paced = await reservedRecords(serde, backlog, RATE_ORDERS);
    const pacedWatch = startStopwatch();
    const sends = await produceAtRate(producer, topic, paced, R7_RATE);
    await until('ledger rows', backlog + RATE_ORDERS, ledgerRows);
    await until('events relayed', backlog + RATE_ORDERS, () => Promise.resolve(relayReader.relayed()));
    const pacedMeasurement = pacedWatch.stop();

    const rows = r7Results({
      backlog,
      commits: await relay.database.ledgerCommits(),
      records: reader.records,
      paced: sends,
      backlogMeasurement,
      pacedMeasurement,
    });
    for (const row of rows) ctx.progress(describeRow(row));
    return rows;
  } finally {
    await reader?.close().catch(() => undefined);
    await disconnectAll(producer);
    await pipeline.close();
    await assertRelayRemoved(relay);
  }
};

export const r7PaymentOutbox: Round = {
  id: 'R7',
  name: 'payment ledger + outbox relay (PostgreSQL, Debezium)',
  run,
};
