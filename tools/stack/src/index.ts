export type { ComponentName, ComponentStatus } from './components/stack-component';
export { CONFLUENT_API_PATH } from './components/schema-registry.component';
export { createEmbeddedStack, type EmbeddedStack, type StackUpResult } from './embedded-stack';
// Fault tests start a private broker or cluster of their own with it (to stall or kill it without
// touching the shared one).
export { createKafkaCluster, type KafkaCluster, type KafkaNode } from './components/kafka.component';
// The outbox relay test runs a private Connect worker of its own, to kill it without touching the shared one.
export { createKafkaConnectComponent, type KafkaConnectOptions } from './components/kafka-connect.component';
export { connectInternalTopics } from './components/connect-worker-properties';
export type { StackComponent } from './components/stack-component';
export { createRabbitmqComponent, rabbitmqManagementUrl } from './components/rabbitmq.component';
export { kafkaProbe, redisProbe, schemaRegistryProbe, type HealthProbe } from './health-probes';
// findJava: the benchmark runs Kafka's perf tools with the Java the stack would pick.
export { findJava, parseJavaMajor, type JavaRuntime } from './java-runtime';
export { isAlive } from './managed-process';
export type { StackReporter } from './stack-reporter';
export { createStackFaults, type StackFaults } from './stack-faults';
export { readStackSettings, type StackSettings } from './stack-settings';
export { STACK_VERSIONS } from './stack-versions';
export { SERVICES, type ServiceDefinition } from './services/service-catalog';
export { createServiceRunner, type ServiceRunner, type ServiceStatus } from './services/service-runner';
// Tests that restart or kill PostgreSQL start a private server of their own with it.
export {
  createLocalPostgres,
  POSTGRES_DATABASE,
  POSTGRES_REPLICATION_SETTINGS,
  POSTGRES_USER,
  type PostgresLocation,
} from './components/postgres.component';
