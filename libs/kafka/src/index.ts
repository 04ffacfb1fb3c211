export { connectAdmin, connectAdminOf, type ConnectAdminOptions } from './admin-connection';
export type {
  BatchConsumer,
  BatchConsumerOptions,
  BatchConsumerRun,
  BatchControl,
  RecordBatch,
} from './batch-consumer.types';

export { deriveEventId } from './event-id';
export { createEventPublisher, type EventPublisherOptions } from './event-publisher';
export type { EventPublisher, PublishOptions, PublishRequest } from './event-publisher.types';
export type { KafkaAdmin, KafkaTestAdmin } from './kafka-admin';
export { createKafkaClient, type KafkaClientOptions } from './kafka-client.factory';
export type { KafkaClient, KafkaConsumer, KafkaLogLevel, KafkaProducer } from './kafka-client.types';
export { createKafkaProbe, type ClusterSummary, type KafkaProbeOptions } from './kafka-probe';
export {
  defaultPartitioner,
  memberTopics,
  partitionOfKey,
  TOPIC_CONFIG_RESOURCE,
  TOPIC_CONFIG_SOURCE,
} from './kafka-protocol';
export type {
  HeaderValue,
  KafkaRecord,
  PartitionAssignment,
  PartitionRecord,
  RecordHeaders,
  TopicPartitionOffset,
} from './kafka-types';
export { createBatchConsumer } from './kafkajs-batch-consumer';
export {
  createReliableProducer,
  type RawRecord,
  type ReliableProducer,
  type ReliableProducerOptions,
  type SendOptions,
} from './reliable-producer';
export { createToolClient, type ToolClientOptions } from './tool-client.factory';
export { logicalTopic, physicalTopic } from './topic-prefix';
export { childTraceparent } from './trace-context';
export { HEADER, type TraceHeaders } from './trace-headers';
