import { awaitConnectorRunning, createConnectClient, resolveConnectUrl } from '@orderflow/connect';
import type { Topic } from '@orderflow/contracts';
import { OrderflowError } from '@orderflow/errors';
import { HEADER } from '@orderflow/kafka';
import { createPostgresPool, replicationSlotLags } from '@orderflow/postgres';
import { readAllRecords } from '@orderflow/testing';
import { pollUntil } from '@orderflow/wait';

import type { ChaosSystem } from '../system';

/** The topics the outbox relay writes: what a ledger row is announced on. */
export const PAYMENT_TOPICS = ['payment.completed', 'payment.failed'] as const satisfies readonly Topic[];

/** Ledger rows committed against records relayed, read in that order. */
export interface RelayBacklog {
  ledgerRows: number;
  /** Records on payment.completed and payment.failed, duplicates included. */
  relayedRecords: number;
  /**
   * Ledger rows not on the topics yet, at least (a duplicate counts as relayed once more): positive means
   * rows committed before the records were counted were still waiting for the relay.
   */
  unrelayed: number;
}

export interface LedgerRow {
  orderId: string;
  outcome: 'completed' | 'failed';
  /** When its transaction started (`recorded_at`), epoch ms. */
  recordedAt: number;
}

export interface RelayedRecord {
  topic: (typeof PAYMENT_TOPICS)[number];
  orderId: string;
  /** The `event-id` header the relay sets from the outbox row's id. */
  eventId: string | undefined;
}

/** The namespace's outbox relay seen from outside: the ledger, the payment topics, the connector and its slot. */
export interface RelayWatch {
  backlog(): Promise<RelayBacklog>;
  /**
   * Resolves once the connector and its task run and the slot has a reader again; fails after `timeoutMs`
   * naming what it saw last (a task FAILED with its trace, an inactive slot).
   */
  awaitStreaming(timeoutMs: number): Promise<void>;
  ledger(): Promise<LedgerRow[]>;
  relayed(): Promise<RelayedRecord[]>;
  close(): Promise<void>;
}

export const watchRelay = (system: ChaosSystem): RelayWatch => {
  const { namespace, relay } = system.pipeline;
  const connect = createConnectClient(resolveConnectUrl());
  // One connection, replaced after a database restart (the idle one the server dropped is only reported).
  const database = createPostgresPool({
    url: relay.database.url,
    applicationName: 'chaos-relay-watch',
    max: 1,
    onIdleError: () => undefined,
  });
  const relayedRecords = async (): Promise<number> => {
    const admin = await namespace.admin();
    const ends = await Promise.all(
      PAYMENT_TOPICS.map((topic) => admin.fetchTopicOffsets(`${namespace.prefix}${topic}`)),
    );
    return ends.flat().reduce((sum, { high, low }) => sum + Number(high) - Number(low), 0);
  };
  const slotActive = async (): Promise<boolean> =>
    (await replicationSlotLags(relay.database.url)).some(
      (slot) => slot.slotName === relay.slot && slot.active,
    );

  return {
    async backlog() {
      const { rows } = await database.query<{ count: string }>(
        'select count(*)::text as count from payments',
      );
      const ledgerRows = Number(rows[0]?.count ?? 0);
      const relayed = await relayedRecords();
      return { ledgerRows, relayedRecords: relayed, unrelayed: ledgerRows - relayed };
    },
    async awaitStreaming(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      await awaitConnectorRunning(connect, relay.connector, timeoutMs);
      try {
        await pollUntil(async () => ((await slotActive()) ? true : undefined), {
          description: `slot ${relay.slot} to have a reader`,
          timeoutMs: Math.max(0, deadline - Date.now()),
          intervalMs: 500,
        });
      } catch (error) {
        throw new OrderflowError(
          'DEADLINE_EXCEEDED',
          `The connector ${relay.connector} runs but nothing reads its slot ${relay.slot}: the relay is not streaming.`,
          { context: { connector: relay.connector, slot: relay.slot, timeoutMs }, cause: error },
        );
      }
    },
    async ledger() {
      const { rows } = await database.query<{
        order_id: string;
        outcome: LedgerRow['outcome'];
        recorded_at: Date;
      }>('select order_id, outcome, recorded_at from payments');
      return rows.map((row) => ({
        orderId: row.order_id,
        outcome: row.outcome,
        recordedAt: row.recorded_at.getTime(),
      }));
    },
    async relayed() {
      const byTopic = await Promise.all(
        PAYMENT_TOPICS.map(async (topic) =>
          (await readAllRecords(namespace, topic, { timeoutMs: 120_000 })).map((record): RelayedRecord => ({
            topic,
            orderId: record.key?.toString() ?? '',
            eventId: record.headers?.[HEADER.eventId]?.toString(),
          })),
        ),
      );
      return byTopic.flat();
    },
    close: () => database.end(),
  };
};

/** Runs `use` with a watch on the namespace's relay, closed afterwards. */
export const withRelayWatch = async <T>(
  system: ChaosSystem,
  use: (watch: RelayWatch) => Promise<T>,
): Promise<T> => {
  const watch = watchRelay(system);
  try {
    return await use(watch);
  } finally {
    await watch.close();
  }
};
