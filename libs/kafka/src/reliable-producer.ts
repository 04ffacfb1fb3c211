import type { IHeaders, Kafka, Producer } from 'kafkajs';
import { CompressionTypes } from 'kafkajs';

import { asDependencyError } from './dependency-errors';

/** A record as bytes: what retry routing and redrive send unchanged. */
export interface RawRecord {
  topic: string;
  key: string | Buffer | null;
  value: Buffer | null;
  headers: IHeaders;
}

export interface ReliableProducer {
  /** Resolves once the broker acknowledged every record (acks=all); rejects with DEPENDENCY_UNAVAILABLE. */
  send(records: RawRecord[]): Promise<void>;
  disconnect(): Promise<void>;
}

export interface ReliableProducerOptions {
  kafka: Kafka;
  /** Upper bound for one send, connection included: an unreachable broker fails fast instead of hanging. */
  sendTimeoutMs?: number;
}

/**
 * An idempotent producer (acks=all, retries bounded so a dead broker surfaces as an error) that connects
 * on first use and again after a failure. One in-flight request keeps per-partition order under retries.
 */
export const createReliableProducer = ({
  kafka,
  sendTimeoutMs = 10_000,
}: ReliableProducerOptions): ReliableProducer => {
  let connected: Promise<Producer> | undefined;
  const connect = (): Promise<Producer> =>
    (connected ??= (async () => {
      const producer = kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 2_000 },
      });
      await producer.connect();
      return producer;
    })());

  const reset = async (): Promise<void> => {
    const producer = connected;
    connected = undefined;
    await producer?.then((p) => p.disconnect()).catch(() => undefined);
  };

  const sendOnce = async (records: RawRecord[]): Promise<void> => {
    const producer = await connect();
    const byTopic = new Map<string, RawRecord[]>();
    for (const record of records) byTopic.set(record.topic, [...(byTopic.get(record.topic) ?? []), record]);
    await producer.sendBatch({
      acks: -1,
      timeout: sendTimeoutMs,
      compression: CompressionTypes.None,
      topicMessages: [...byTopic].map(([topic, messages]) => ({
        topic,
        messages: messages.map(({ key, value, headers }) => ({ key, value, headers })),
      })),
    });
  };

  return {
    async send(records) {
      if (records.length === 0) return;
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no acknowledgement within ${sendTimeoutMs} ms`)),
          sendTimeoutMs,
        );
      });
      try {
        await Promise.race([sendOnce(records), deadline]);
      } catch (error) {
        // A producer that failed may hold a half-open connection or a fenced sequence: start clean.
        await reset();
        throw asDependencyError(error, 'Kafka', {
          topics: [...new Set(records.map((record) => record.topic))],
        });
      } finally {
        clearTimeout(timer);
      }
    },
    disconnect: reset,
  };
};
