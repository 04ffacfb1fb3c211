import type { AvroSerde } from '@orderflow/registry';

import type { EventPublisher, PublishRequest } from './event-publisher.types';
import { asDependencyError } from './dependency-errors';
import type { ReliableProducer } from './reliable-producer';
import { physicalTopic } from './topic-names';
import { HEADER } from './trace-headers';
import { newTraceparent } from './trace-context';

export interface EventPublisherOptions {
  producer: ReliableProducer;
  serde: AvroSerde;
  topicPrefix: string;
}

/** Encodes each event with its topic's registered Avro schema, then sends them all in one acks=all batch. */
export const createEventPublisher = ({
  producer,
  serde,
  topicPrefix,
}: EventPublisherOptions): EventPublisher => ({
  async publish(requests: PublishRequest[]) {
    const records = await Promise.all(
      requests.map(async (request) => {
        const value = await serde.encode(request.topic, request.value).catch((error: unknown) => {
          throw asDependencyError(error, 'the schema registry', { topic: request.topic });
        });
        const headers: Record<string, string> = {
          [HEADER.eventId]: request.value.eventId,
          [HEADER.correlationId]: request.trace.correlationId,
          [HEADER.traceparent]: request.trace.traceparent ?? newTraceparent(),
        };
        if (request.trace.causationId !== undefined) headers[HEADER.causationId] = request.trace.causationId;
        return { topic: physicalTopic(topicPrefix, request.topic), key: request.key, value, headers };
      }),
    );
    await producer.send(records);
  },
  disconnect: () => producer.disconnect(),
});
