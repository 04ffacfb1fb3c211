import { withClient } from './postgres-admin';

/** A logical replication slot and how far its consumer (the outbox relay) is behind the server's WAL. */
export interface ReplicationSlotLag {
  slotName: string;
  database: string;
  active: boolean;
  /** The position the consumer confirmed; everything before it may be recycled. */
  confirmedFlushLsn: string | null;
  /** WAL written since the confirmed position: what the relay has not confirmed yet. */
  lagBytes: number;
  /** WAL the server keeps for the slot (from its restart position): what an idle relay costs on disk. */
  retainedBytes: number;
}

/**
 * Creates the logical slot (pgoutput) unless it exists, in the URL's database. Made before the connector
 * so the WAL of every transaction committed from now on is kept for it, even before its task first runs.
 * Returns whether it was created.
 */
export const ensureLogicalReplicationSlot = (url: string, slotName: string): Promise<boolean> =>
  withClient(url, async (client) => {
    const { rowCount } = await client.query('select 1 from pg_replication_slots where slot_name = $1', [
      slotName,
    ]);
    if (rowCount !== 0) return false;
    await client.query("select pg_create_logical_replication_slot($1, 'pgoutput')", [slotName]);
    return true;
  });

/**
 * Drops the slot so the server stops keeping WAL for it; ends the session still reading it first (a
 * connector being removed). Returns whether there was one.
 */
export const dropReplicationSlot = (url: string, slotName: string): Promise<boolean> =>
  withClient(url, async (client) => {
    const { rows } = await client.query<{ active_pid: number | null }>(
      'select active_pid from pg_replication_slots where slot_name = $1',
      [slotName],
    );
    const slot = rows[0];
    if (slot === undefined) return false;
    if (slot.active_pid !== null) await client.query('select pg_terminate_backend($1)', [slot.active_pid]);
    await client.query('select pg_drop_replication_slot($1)', [slotName]);
    return true;
  });

/** Every logical slot of the server with its lag in bytes (pg_replication_slots). */
export const replicationSlotLags = (url: string): Promise<ReplicationSlotLag[]> =>
  withClient(url, async (client) => {
    const { rows } = await client.query<{
      slot_name: string;
      database: string;
      active: boolean;
      confirmed_flush_lsn: string | null;
      lag_bytes: string | null;
      retained_bytes: string | null;
    }>(
      `select slot_name, database, active, confirmed_flush_lsn::text,
              pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint::text as lag_bytes,
              pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint::text as retained_bytes
         from pg_replication_slots where slot_type = 'logical' order by slot_name`,
    );
    return rows.map((row) => ({
      slotName: row.slot_name,
      database: row.database,
      active: row.active,
      confirmedFlushLsn: row.confirmed_flush_lsn,
      lagBytes: Number(row.lag_bytes ?? 0),
      retainedBytes: Number(row.retained_bytes ?? 0),
    }));
  });
