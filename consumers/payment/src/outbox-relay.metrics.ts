import { Gauge, type Registry } from 'prom-client';

import type { Logger } from '@orderflow/logging';
import type { RelaySlotSample } from '@orderflow/postgres';

export interface OutboxRelayMetricsOptions {
  registry: Registry;
  /** The ledger database's logical slots; bounded in time by the caller (a scrape must answer). */
  readSlots: () => Promise<RelaySlotSample[]>;
  logger: Logger;
}

/**
 * The outbox relay as the ledger's database sees it, read from pg_replication_slots on each scrape: how
 * many bytes of WAL the relay has not confirmed (what the server keeps for it, and how far behind the
 * payment.* topics are) and whether Debezium streams the slot (0 while the connector or its task is not
 * running). A database that does not answer in time leaves both without series for that scrape, never
 * an old value presented as current.
 */
export const registerOutboxRelayMetrics = ({
  registry,
  readSlots,
  logger,
}: OutboxRelayMetricsOptions): void => {
  const labelNames = ['slot'] as const;
  const lag = new Gauge({
    name: 'orderflow_outbox_slot_lag_bytes',
    help: "WAL the outbox relay's replication slot has not confirmed yet, in bytes.",
    labelNames,
    registers: [registry],
    collect: () => refresh(),
  });
  const active = new Gauge({
    name: 'orderflow_outbox_slot_active',
    help: "1 while the outbox relay's connector streams its replication slot, 0 when nothing reads it.",
    labelNames,
    registers: [registry],
    collect: () => refresh(),
  });

  const read = async (): Promise<void> => {
    lag.reset();
    active.reset();
    try {
      for (const slot of await readSlots()) {
        lag.set({ slot: slot.slotName }, slot.lagBytes);
        active.set({ slot: slot.slotName }, slot.active ? 1 : 0);
      }
    } catch (error) {
      logger.warn('metrics.outbox-slot.unavailable', { error });
    }
  };
  // The registry collects every metric of a scrape at once: both gauges wait for the same single read.
  let pending: Promise<void> | undefined;
  const refresh = (): Promise<void> => (pending ??= read().finally(() => (pending = undefined)));
};
