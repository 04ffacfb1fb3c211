import { sql, type Kysely } from 'kysely';

/** A logical replication slot of the current database, as a metrics scrape reads it. */
export interface RelaySlotSample {
  slotName: string;
  /** Whether a consumer (the outbox relay's Debezium task) is streaming from it right now. */
  active: boolean;
  /** WAL written since the position the consumer confirmed: what the relay has not confirmed yet. */
  lagBytes: number;
}

const timedOut = (timeoutMs: number): Error =>
  new Error(`pg_replication_slots did not answer within ${timeoutMs} ms`);

/**
 * The logical slots of the database `database` is connected to, read on the caller's pool. Bounded by
 * `timeoutMs` twice over: statement_timeout for a slow query, and a timer for a pool that has no
 * connection to give (a scrape must answer, whatever the database does).
 */
export const readRelaySlots = async <DB>(
  database: Kysely<DB>,
  timeoutMs: number,
): Promise<RelaySlotSample[]> => {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timedOut(timeoutMs)), timeoutMs);
  });
  const query = database.transaction().execute(async (trx) => {
    await sql`set local statement_timeout = ${sql.lit(timeoutMs)}`.execute(trx);
    const { rows } = await sql<{ slot_name: string; active: boolean; lag_bytes: string | null }>`
      select slot_name, active,
             pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint::text as lag_bytes
        from pg_replication_slots
       where slot_type = 'logical' and database = current_database()
       order by slot_name`.execute(trx);
    return rows.map((row) => ({
      slotName: row.slot_name,
      active: row.active,
      lagBytes: Number(row.lag_bytes ?? 0),
    }));
  });
  try {
    return await Promise.race([query, deadline]);
  } finally {
    clearTimeout(timer);
  }
};
