import type { EventByTopic, Topic } from '@orderflow/contracts';

import type { TraceHeaders } from './trace-headers';

/** One event to publish: Avro-encoded against the topic's registered schema, keyed, with trace headers. */
export interface PublishRequest<T extends Topic = Topic> {
  /** Logical topic; the publisher adds the runtime's topic prefix. */
  topic: T;
  key: string;
  value: EventByTopic[T];
  trace: TraceHeaders;
}

/**
 * Publishes with an idempotent producer and acks=all: the promise resolves only once the broker has
 * acknowledged every record. Failures are OrderflowError: DEPENDENCY_UNAVAILABLE (retriable) when Kafka
 * or the registry cannot be reached, EVENT_INVALID when a value does not match its schema.
 */
export interface EventPublisher {
  publish(requests: PublishRequest[]): Promise<void>;
  disconnect(): Promise<void>;
}
