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
export { kafkaConnectContainerEnvironment } from './test-stack/kafka-connect-container-config';
export { POSTGRES_CONTAINER, postgresContainerCommand } from './test-stack/postgres-container-config';
export { RABBITMQ_CONTAINER } from './test-stack/rabbitmq-container-config';
export {
  acquireTestStack,
  EXPORTED_ENV_KEYS,
  exportToEnvironment,
  type TestStack,
} from './test-stack/test-stack';
export { sweepAbandonedTestRelays, type AbandonedTestRelays } from './abandoned-test-relays';
export { startPrivateRabbitmq, type PrivateRabbitmq } from './private-rabbitmq';
