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

interface PendingSend {
  records: RawRecord[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** A coalesced request stays well under the broker's 1 MiB message.max.bytes at our record sizes. */
const MAX_RECORDS_PER_REQUEST = 1_000;

/**
 * An idempotent producer (acks=all, retries bounded so a dead broker surfaces as an error) that connects
 * on first use and again after a failure. One request in flight keeps per-partition order under retries;
 * sends that arrive while it is in flight are coalesced into the next request (group commit), so
 * concurrent callers share one acknowledgement round trip instead of queueing for one each.
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
    for (const record of records) {
      const messages = byTopic.get(record.topic);
      if (messages) messages.push(record);
      else byTopic.set(record.topic, [record]);
    }
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

  /** One request for the records of `sends`; every caller hears the outcome. */
  const sendCoalesced = async (sends: PendingSend[]): Promise<void> => {
    const records = sends.flatMap((pending) => pending.records);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no acknowledgement within ${sendTimeoutMs} ms`)),
        sendTimeoutMs,
      );
    });
    try {
      await Promise.race([sendOnce(records), deadline]);
      for (const pending of sends) pending.resolve();
    } catch (error) {
      // A producer that failed may hold a half-open connection or a fenced sequence: start clean.
      await reset();
      for (const pending of sends) {
        pending.reject(
          asDependencyError(error, 'Kafka', {
            topics: [...new Set(pending.records.map((record) => record.topic))],
          }),
        );
      }
    } finally {
      clearTimeout(timer);
    }
  };

  const queue: PendingSend[] = [];
  let flushing = false;
  const flush = async (): Promise<void> => {
    flushing = true;
    while (queue.length > 0) {
      // Whole sends only, in arrival order, so each caller's records keep their order and land together.
      let taken = 1;
      let records = queue[0]!.records.length;
      while (taken < queue.length && records + queue[taken]!.records.length <= MAX_RECORDS_PER_REQUEST) {
        records += queue[taken]!.records.length;
        taken += 1;
      }
      await sendCoalesced(queue.splice(0, taken));
    }
    flushing = false;
  };

  return {
    send(records) {
      if (records.length === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        queue.push({ records, resolve, reject });
        if (!flushing) void flush();
      });
    },
    disconnect: reset,
  };
};
