import type { EventByTopic, Topic } from '@orderflow/contracts';

import type { RecordPosition } from './kafka-types';
import type { TraceHeaders } from './trace-headers';

/** One event to publish: Avro-encoded against the topic's registered schema, keyed, with trace headers. */
export interface PublishRequest<T extends Topic = Topic> {
  /** Logical topic; the publisher adds the runtime's topic prefix. */
  topic: T;
  key: string;
  value: EventByTopic[T];
  trace: TraceHeaders;
}

export interface PublishOptions {
  /** When the caller stops waiting (epoch ms), through encoding and sending; the producer's default otherwise. */
  deadline?: number;
}

/**
 * Publishes with an idempotent producer and acks=all: the promise resolves only once the broker has
 * acknowledged every record, with where each request's record landed (in the requests' order). Failures
 * are OrderflowError:
 * - DEPENDENCY_UNAVAILABLE (retriable): nothing was sent (registry or Kafka unreachable, queue full);
 * - PUBLISH_OUTCOME_UNKNOWN (retriable): sent but not acknowledged, the records may be in the log;
 * - EVENT_INVALID when a value does not match its schema, EVENT_TOO_LARGE when the broker refuses it.
 */
export interface EventPublisher {
  publish(requests: PublishRequest[], options?: PublishOptions): Promise<RecordPosition[]>;
  disconnect(): Promise<void>;
}
