import type { AvroSerde } from '@orderflow/registry';

import type { EventPublisher, PublishOptions, PublishRequest } from './event-publisher.types';
import { asDependencyError } from './dependency-errors';
import type { ReliableProducer } from './reliable-producer';
import { physicalTopic } from './topic-prefix';
import { HEADER } from './trace-headers';
import { newTraceparent } from './trace-context';

export interface EventPublisherOptions {
  producer: ReliableProducer;
  serde: AvroSerde;
  topicPrefix: string;
}

/**
 * Encoding waits on the registry (a cold schema cache): past the caller's deadline it gives up, and since
 * nothing was sent yet, the caller may say so. The lookup itself goes on and warms the cache.
 */
const encodedBy = async <T>(
  encoding: Promise<T>,
  deadline: number,
  requests: PublishRequest[],
): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          asDependencyError(new Error('no answer before the deadline'), 'the schema registry', {
            topics: requests.map((request) => request.topic),
          }),
        ),
      Math.max(0, deadline - Date.now()),
    );
  });
  encoding.catch(() => undefined);
  try {
    return await Promise.race([encoding, expired]);
  } finally {
    clearTimeout(timer);
  }
};

/** Encodes each event with its topic's registered Avro schema, then sends them all in one acks=all batch. */
export const createEventPublisher = ({
  producer,
  serde,
  topicPrefix,
}: EventPublisherOptions): EventPublisher => ({
  async publish(requests: PublishRequest[], { deadline }: PublishOptions = {}) {
    const encoding = Promise.all(
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
    const records = deadline === undefined ? await encoding : await encodedBy(encoding, deadline, requests);
    return producer.send(records, deadline === undefined ? {} : { deadline });
  },
  disconnect: () => producer.disconnect(),
});
