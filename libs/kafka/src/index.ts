export { asDependencyError } from './dependency-errors';
export { deriveEventId } from './event-id';
export { createEventPublisher, type EventPublisherOptions } from './event-publisher';
export type { EventPublisher, PublishOptions, PublishRequest } from './event-publisher.types';
export { createKafkaClient, type KafkaClientOptions } from './kafka-client.factory';
export {
  createReliableProducer,
  RELIABLE_PRODUCER_DEFAULTS,
  type RawRecord,
  type ReliableProducer,
  type ReliableProducerOptions,
  type SendOptions,
} from './reliable-producer';
export { logicalTopic, physicalTopic } from './topic-names';
export { childTraceparent, newTraceparent } from './trace-context';
export { HEADER, type TraceHeaders } from './trace-headers';
