import { createConnectClient } from '@orderflow/connect';
import {
  dropDatabase,
  dropReplicationSlot,
  listDatabases,
  replicationSlotLags,
  withDatabase,
} from '@orderflow/postgres';
import { mintedAt } from '@orderflow/testing';

/** Older than any run of the suite (about 20 min) and any hook's timeout: nobody is using it any more. */
export const ABANDONED_AFTER_MS = 2 * 3_600_000;

export interface AbandonedTestRelays {
  connectors: string[];
  slots: string[];
  databases: string[];
}

export interface SweepOptions {
  connectUrl: string;
  /** Any database of the server: the run's. */
  databaseUrl: string;
  now?: Date;
}

/**
 * Removes what test runs that never reached their cleanup (a hook timed out, the run was killed) left on
 * the stack's Connect worker and PostgreSQL: their connectors, their replication slots, which keep every
 * byte of WAL written since, and their databases. Only what a test named (`uniqueName`) longer ago than
 * ABANDONED_AFTER_MS is touched, so runs going on beside this one on the same stack keep theirs.
 */
export const sweepAbandonedTestRelays = async ({
  connectUrl,
  databaseUrl,
  now = new Date(),
}: SweepOptions): Promise<AbandonedTestRelays> => {
  const abandoned = (name: string): boolean => {
    const minted = mintedAt(name);
    return minted !== undefined && now.getTime() - minted.getTime() > ABANDONED_AFTER_MS;
  };
  const connect = createConnectClient(connectUrl);
  const connectors = (await connect.list()).map(({ name }) => name).filter(abandoned);
  for (const name of connectors) await connect.remove(name);

  const databases = (await listDatabases(databaseUrl)).filter(abandoned);
  // A logical slot is dropped from its own database, and a database with one cannot be dropped.
  const slots = (await replicationSlotLags(databaseUrl)).filter((slot) => databases.includes(slot.database));
  for (const slot of slots)
    await dropReplicationSlot(withDatabase(databaseUrl, slot.database), slot.slotName);
  for (const database of databases) await dropDatabase(withDatabase(databaseUrl, database));
  return { connectors, slots: slots.map((slot) => slot.slotName), databases };
};
