export { CONTAINER_IMAGES } from './container-images';
export { startContainerStack, type ContainerStack } from './container-stack';
export { isDockerAvailable, type DockerAvailabilityOptions } from './docker-availability';
// Exported for test/docker-compose.spec.ts, which holds docker-compose.kafka.yml to the same broker settings.
export { kafkaContainerEnvironment } from './kafka-container-config';
export {
  startPipeline,
  type Pipeline,
  type PipelineOptions,
  type PipelineService,
  type ServiceName,
} from './in-process-pipeline';
export {
  aNotificationSent,
  anInventoryRejected,
  anInventoryReserved,
  aPaymentCompleted,
} from './event-fixtures';
export { integrationSettings } from './integration-settings';
export { narrowTopicsFile, type NarrowTopicsOptions } from './narrow-topics-file';
export { ensureKcat, kcatConsume } from './kcat';
export { ensurePrometheus, prometheusVersion, startPrometheus, type RunningPrometheus } from './prometheus';
export { prometheusLabelValues, queryPrometheus, type PrometheusSample } from './prometheus-query';
export {
  createNamespaceTopics,
  provisionNamespace,
  registerNamespaceSchemas,
  type ProvisionNamespaceOptions,
} from './provision-namespace';
export { startServiceProcess, type ServiceProcess } from './service-process';
export { waitForGroupCaughtUp } from './group-caught-up';
export { createTestNamespace, type TestNamespace } from './test-namespace';
export { collectEvents, produceRecords, readAllRecords, type EventCollector } from './topic-records';
export { acquireTestStack, exportToEnvironment, type TestStack } from './test-stack';
export { uniqueName } from './unique-name';
// Tests wait for conditions with a deadline, never with sleeps.
export { pollUntil as waitFor } from '@orderflow/stack';
export { waitUntil, type WaitOptions } from './wait-until';
