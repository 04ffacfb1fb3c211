export { integrationSettings } from './integration-settings';
export { ensureKcat, kcatConsume, parseKcatJsonLines, type KcatRecord } from './kcat';
export { ensurePrometheus, prometheusVersion, startPrometheus, type RunningPrometheus } from './prometheus';
export { prometheusLabelValues, queryPrometheus, type PrometheusSample } from './prometheus-query';
export {
  createNamespaceTopics,
  provisionNamespace,
  registerNamespaceSchemas,
  type ProvisionNamespaceOptions,
} from './provision-namespace';
export { createTestNamespace, type TestNamespace } from './test-namespace';
export {
  collectEvents,
  kafkaFor,
  produceRecords,
  readAllRecords,
  type EventCollector,
} from './topic-records';
export { uniqueName } from './unique-name';
// Tests wait for conditions with a deadline, never with sleeps.
export { pollUntil as waitFor } from '@orderflow/wait';
