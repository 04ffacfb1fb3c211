export type { ComponentStatus } from './components/stack-component';
export { CONFLUENT_API_PATH } from './components/schema-registry.component';
export { createEmbeddedStack, type EmbeddedStack } from './embedded-stack';
export { kafkaProbe, redisProbe, schemaRegistryProbe, type HealthProbe } from './health-probes';
export { parseJavaMajor } from './java-runtime';
export { pollUntil, type PollOptions } from './poll-until';
export type { StackReporter } from './stack-reporter';
export { readStackSettings, type StackSettings } from './stack-settings';
export { STACK_VERSIONS } from './stack-versions';
