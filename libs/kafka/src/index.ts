export { connectAdmin, connectAdminOf, connectTestAdmin, type ConnectAdminOptions } from './admin-connection';
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
export type { KafkaAdmin, KafkaTestAdmin, PartitionMetadata, PartitionOffsets } from './kafka-admin';
export { createKafkaClient, type KafkaClientOptions } from './kafka-client.factory';
export type {
  KafkaClient,
  KafkaLogLevel,
  ToolConsumer,
  ToolConsumerOptions,
  ToolConsumerRun,
  ToolMessage,
  ToolProducer,
} from './kafka-client.types';
export { recordOf } from './kafka-record';
export { createKafkaProbe, type ClusterSummary, type KafkaProbeOptions } from './kafka-probe';
export { memberTopics, partitionOfKey, TOPIC_CONFIG_RESOURCE, TOPIC_CONFIG_SOURCE } from './kafka-protocol';
export {
  NO_TIMESTAMP,
  type HeaderValue,
  type KafkaRecord,
  type PartitionAssignment,
  type PartitionRecord,
  type RecordHeaders,
  type RecordPosition,
  type TopicPartitionOffset,
} from './kafka-types';
export { createBatchConsumer } from './kafkajs-batch-consumer';
export {
  createReliableProducer,
  type ProducerRecord,
  type ReliableProducer,
  type ReliableProducerOptions,
  type SendOptions,
} from './reliable-producer';
export { createToolClient, type ToolClientOptions } from './tool-client.factory';
export { logicalTopic, physicalTopic } from './topic-prefix';
export { childTraceparent } from './trace-context';
export { HEADER, type TraceHeaders } from './trace-headers';
