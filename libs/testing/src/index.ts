export {
  aNotificationSent,
  anInventoryRejected,
  anInventoryReserved,
  aPaymentCompleted,
} from './event-fixtures';
export {
  startFaultProxy,
  type FaultProxy,
  type ProxyFaults,
  type ProxyMode,
  type ProxyTarget,
} from './fault-proxy';
export { integrationSettings } from './integration-settings';
export { startOutboxRelay, type OutboxRelay } from './outbox-relay';
export { encodeAsVersion } from './older-version-writer';
export { narrowTopicsFile, type NarrowTopicsOptions } from './narrow-topics-file';
export { ensureKcat, kcatConsume } from './kcat';
export { ensurePrometheus, prometheusVersion, startPrometheus, type RunningPrometheus } from './prometheus';
export { prometheusLabelValues, queryPrometheus, type PrometheusSample } from './prometheus-query';
export { arrayCountBomb, framing, manyHeaders, varint } from './poison-values';
export {
  provisionNamespace,
  registerNamespaceSchemas,
  type ProvisionNamespaceOptions,
} from './provision-namespace';
export { waitForGroupCaughtUp } from './group-caught-up';
export {
  startServiceInNamespace,
  type ServiceInNamespace,
  type ServiceInNamespaceOptions,
} from './service-in-namespace';
export { startRedisRollback, type RedisRollback, type RedisRollbackOptions } from './redis-rollback';
export { freePortRun } from './free-port';
export {
  readRedisInfo,
  startRedisServer,
  type RedisServerOptions,
  type RedisServerProcess,
} from './redis-server';
export { createTestNamespace, type TestNamespace } from './test-namespace';
export {
  collectEvents,
  kafkaFor,
  produceRecords,
  readAllRecords,
  type EventCollector,
} from './topic-records';
export { mintedAt, uniqueName } from './unique-name';
// Tests wait for conditions with a deadline, never with sleeps.
export { pollUntil as waitFor } from '@orderflow/wait';
export { waitUntil, type WaitOptions } from './wait-until';
export {
  createTestDatabase,
  integrationDatabaseUrl,
  type LedgerCommit,
  type LoggedOutboxInsert,
  type TestDatabase,
} from './test-database';
