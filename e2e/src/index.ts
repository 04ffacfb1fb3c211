export {
  PIPELINE_SERVICES,
  startPipeline,
  type Pipeline,
  type PipelineOptions,
  type PipelineService,
  type ServiceName,
} from './in-process-pipeline';
export {
  countByKey,
  postOrder,
  readEvents,
  waitForFinalStatuses,
  type OrderRequest,
} from './pipeline-harness';
export { startServiceProcess, type ServiceProcess } from './service-process';
export { CONTAINER_IMAGES } from './test-stack/container-images';
// Exported for test/docker-compose.spec.ts, which holds docker-compose.kafka.yml to the same broker settings.
export { kafkaContainerEnvironment } from './test-stack/kafka-container-config';
export { acquireTestStack, exportToEnvironment, type TestStack } from './test-stack/test-stack';
export { startOutboxRelay, type OutboxRelay } from './outbox-relay';
export { sweepAbandonedTestRelays, type AbandonedTestRelays } from './abandoned-test-relays';
export { startPrivateRabbitmq, type PrivateRabbitmq } from './private-rabbitmq';
