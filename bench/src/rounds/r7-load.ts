import { setTimeout as delay } from 'node:timers/promises';

import { HEADER } from '@orderflow/kafka';
import type { AvroSerde } from '@orderflow/registry';

import type { Message, Producer } from '../bench-kafka';
import { sampleReserved } from '../sample-orders';

/**
 * inventory.reserved records for orders `from`…`from + count - 1`, Avro-encoded through the namespace's
 * registry subjects, with the trace headers inventory's runtime writes (a first event: caused by itself).
 */
export const reservedRecords = (serde: AvroSerde, from: number, count: number): Promise<Message[]> =>
  Promise.all(
    Array.from({ length: count }, async (_, offset) => {
      const event = sampleReserved(from + offset);
      return {
        key: event.orderId,
        value: await serde.encode('inventory.reserved', event),
        headers: {
          [HEADER.eventId]: event.eventId,
          [HEADER.correlationId]: event.eventId,
          [HEADER.causationId]: event.eventId,
        },
      };
    }),
  );

/** When each record of a paced phase went out (epoch ms, by key), and the rate that came to. */
export interface PacedSends {
  sentAtMs: Map<string, number>;
  /** Sends per second from the first to the last: the rate asked, unless this process fell behind. */
  achievedPerSecond: number;
}

/**
 * Open loop: record i is sent at start + i / rate whatever happened to the ones before it (sends are not
 * awaited one by one), so a slow ledger shows as a backlog and latency, not as a lower rate.
 */
export const produceAtRate = async (
  producer: Producer,
  topic: string,
  messages: Message[],
  perSecond: number,
): Promise<PacedSends> => {
  const start = performance.now();
  const sentAtMs = new Map<string, number>();
  const sends: Promise<unknown>[] = [];
  for (const [index, message] of messages.entries()) {
    const wait = start + (index * 1_000) / perSecond - performance.now();
    if (wait > 0) await delay(wait);
    // Date.now(): the clock PostgreSQL stamps commits with on this machine.
    sentAtMs.set(message.key?.toString() ?? '', Date.now());
    sends.push(producer.send({ topic, acks: -1, messages: [message] }));
  }
  await Promise.all(sends);
  const times = [...sentAtMs.values()];
  const spanMs = Math.max(...times) - Math.min(...times);
  return { sentAtMs, achievedPerSecond: spanMs > 0 ? ((times.length - 1) * 1_000) / spanMs : 0 };
};
