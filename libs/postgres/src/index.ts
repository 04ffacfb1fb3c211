export { databaseName, resolveDatabaseUrl, withDatabase } from './database-url';
export { applyMigrations, type MigrationOptions, type MigrationResult } from './migrations';
export { dropDatabase, ensureDatabase, listDatabases, postgresProbe } from './postgres-admin';
export { isConnectionFailure, postgresCall } from './postgres-call';
export { createDatabase } from './postgres-database';
export { checkPool, createPostgresPool, type PostgresPool, type PostgresPoolOptions } from './postgres-pool';
// Queries go through Kysely; these are the pieces services need to type and write them.
export { sql, type Kysely, type Generated, type Insertable, type Selectable, type Transaction } from 'kysely';
export { readRelaySlots, type RelaySlotSample } from './relay-slot-lag';
export {
  dropReplicationSlot,
  ensureLogicalReplicationSlot,
  replicationSlotLags,
  type ReplicationSlotLag,
} from './replication-slots';
