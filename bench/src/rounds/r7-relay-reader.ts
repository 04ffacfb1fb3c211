import { HEADER } from '@orderflow/kafka';
import { waitFor } from '@orderflow/testing';

import type { Kafka } from '../bench-kafka';
import type { RelayedRecord } from '../relay-check';

/** The topics the outbox relay routes payment's events to (the rows' event_type). */
export const PAYMENT_TOPICS = ['payment.completed', 'payment.failed'];

/** What a downstream consumer of payment's events sees, stamped with when it got each record. */
export interface RelayReader {
  records: RelayedRecord[];
  /** Distinct event ids read so far: what the phases wait on. */
  relayed(): number;
  close(): Promise<void>;
}

/**
 * A plain KafkaJS group on both payment topics from the beginning, joined before it returns so that no
 * phase pays for the join. Each record is stamped when its batch is handed over (Date.now(), the clock
 * PostgreSQL's commit timestamps come from on this one machine); it does nothing else, so the stamp is the
 * relay's latency plus one fetch, not a service's handling.
 */
export const startRelayReader = async (kafka: Kafka, prefix: string): Promise<RelayReader> => {
  const records: RelayedRecord[] = [];
  const eventIds = new Set<string>();
  const consumer = kafka.consumer({ groupId: `${prefix}bench-relay-reader` });
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => {
    joined = true;
  });
  await consumer.connect();
  try {
    await consumer.subscribe({
      topics: PAYMENT_TOPICS.map((topic) => `${prefix}${topic}`),
      fromBeginning: true,
    });
    await consumer.run({
      eachBatch: ({ batch }) => {
        const receivedAtMs = Date.now();
        for (const message of batch.messages) {
          const eventId = message.headers?.[HEADER.eventId]?.toString() ?? '';
          eventIds.add(eventId);
          records.push({ orderId: message.key?.toString() ?? '', eventId, receivedAtMs });
        }
        return Promise.resolve();
      },
    });
    await waitFor(() => Promise.resolve(joined ? true : undefined), {
      description: 'the relay reader to join its group',
      timeoutMs: 30_000,
      intervalMs: 20,
    });
  } catch (error) {
    await consumer.disconnect().catch(() => undefined);
    throw error;
  }
  return { records, relayed: () => eventIds.size, close: () => consumer.disconnect() };
};
