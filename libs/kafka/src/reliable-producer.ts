import { setTimeout as delay } from 'node:timers/promises';

import type { Message, PartitionerArgs, PartitionMetadata, Producer, RecordMetadata } from 'kafkajs';
import { CompressionTypes, Partitioners } from 'kafkajs';

import type { KafkaClient } from './kafka-client.types';
import type { RecordHeaders, RecordPosition } from './kafka-types';
import { kafkajsOf } from './kafkajs-client';
import { DeadlinePassed, groupBy, recordSize, withDeadline } from './produce-request';
import { classifyProduceFailure, notSent, outcomeUnknown, tooLarge } from './produce-failure';

/**
 * A record to send: no partition (the partitioner picks it from the key), offset or timestamp yet. Retry
 * routing and redrive send a read `KafkaRecord`'s bytes on as one.
 */
export interface ProducerRecord {
  topic: string;
  key: string | Buffer | null;
  value: Buffer | null;
  headers: RecordHeaders;
}

export interface SendOptions {
  /** When the caller stops waiting (epoch ms); defaults to `sendTimeoutMs` after the call. */
  deadline?: number;
}

export interface ReliableProducer {
  /**
   * Resolves once the broker acknowledged every record (acks=all), with where each landed, in the records'
   * order. Rejects with DEPENDENCY_UNAVAILABLE when
   * nothing was sent (queue full, no connection, deadline passed in the queue), PUBLISH_OUTCOME_UNKNOWN
   * when records were sent but not acknowledged by the deadline, EVENT_TOO_LARGE when the broker refused
   * them as they are.
   */
  send(records: ProducerRecord[], options?: SendOptions): Promise<RecordPosition[]>;
  /** Records waiting for a request: the depth gauge of the send queue. */
  queuedRecords(): number;
  disconnect(): Promise<void>;
}

export interface ReliableProducerOptions {
  kafka: KafkaClient;
  /** A caller's deadline when it names none, counted from its call (queue time included). */
  sendTimeoutMs?: number;
  /** Records that may wait for a request; beyond it a send fails at once instead of growing memory. */
  maxQueuedRecords?: number;
  maxRecordsPerRequest?: number;
  /**
   * Coalescing stops before one partition's batch exceeds this: below the event topics' max.message.bytes
   * in topics.yaml (256 KiB), so batches of small records are never refused for their sum.
   */
  maxBytesPerPartition?: number;
}

export const RELIABLE_PRODUCER_DEFAULTS = {
  sendTimeoutMs: 10_000,
  maxQueuedRecords: 10_000,
  maxRecordsPerRequest: 1_000,
  maxBytesPerPartition: 192 * 1024,
} as const satisfies Omit<Required<ReliableProducerOptions>, 'kafka'>;

interface PendingSend {
  records: ProducerRecord[];
  topics: string[];
  deadline: number;
  state: 'queued' | 'sending' | 'settled';
  /** Set by the request that takes it: whether any attempt of that request reached a broker. */
  sent?: { any: boolean };
  timer?: NodeJS.Timeout;
  resolve: (positions: RecordPosition[]) => void;
  reject: (error: unknown) => void;
}

/** One record of a request; the same message object goes out on every attempt. */
interface Outgoing {
  pending: PendingSend;
  topic: string;
  message: Message;
  /** Set from the broker's answer once a request carrying it was acknowledged. */
  position?: RecordPosition;
}

/**
 * Each record's own offset: the broker answers a partition's batch with its first offset, and KafkaJS
 * keeps the messages' order within a partition. A re-sent batch the broker already appended is answered
 * with its original offsets, so a retried request places its records where they first landed.
 *
 * A partition with no answer at all is left unplaced: it was not acknowledged. KafkaJS resolves a send
 * whose partition moved, on its internal retry, to a leader that had already answered for other
 * partitions of the same send without sending that partition's batch again (sendMessages.js keeps one
 * answer per broker): chaos case 17 lost 5 orders answered 202 that way when a leader was killed.
 */
const placeRecords = (outgoing: Outgoing[], answers: RecordMetadata[]): void => {
  for (const batch of groupBy(outgoing, ({ topic, message }) => `${topic}\u0000${message.partition}`)) {
    const { topic, message } = batch[0]!;
    const partition = message.partition!;
    const answer = answers.find((entry) => entry.topicName === topic && entry.partition === partition);
    if (answer === undefined) continue;
    // Only acks=0 leaves it out, and this producer always asks for acks=all: -1 then, as Java's client says.
    const base = answer.baseOffset === undefined ? undefined : BigInt(answer.baseOffset);
    batch.forEach((entry, index) => {
      entry.position = { partition, offset: base === undefined ? '-1' : (base + BigInt(index)).toString() };
    });
  }
};

/**
 * An idempotent producer (acks=all) with one request in flight, so per-partition order holds under
 * retries. Sends that arrive meanwhile are coalesced into the next request (group commit), up to a
 * record count and a byte size per partition.
 *
 * A failed request is sent again, the same records on the same producer id, until the last of its
 * callers' deadlines: KafkaJS rolls the sequence numbers back when a request throws, so the broker
 * recognises the batches it already appended and appends only the rest. Other records are never sent
 * after a failure on those numbers: when a request is given up (deadline, or a fatal producer error) the
 * producer is replaced, and the abandoned records' callers hear PUBLISH_OUTCOME_UNKNOWN.
 *
 * A partition that refuses its batch (too large) appended nothing, while others may have appended
 * theirs; the request is then replayed one partition at a time, and a refused partition one caller at
 * a time, so only the callers whose records the broker refuses on their own fail.
 */
export const createReliableProducer = (options: ReliableProducerOptions): ReliableProducer => {
  const { kafka, sendTimeoutMs, maxQueuedRecords, maxRecordsPerRequest, maxBytesPerPartition } = {
    ...RELIABLE_PRODUCER_DEFAULTS,
    ...options,
  };

  // KafkaJS's own partitioner, watched: which partition each message went to (pinned for re-sends, so
  // even keyless records land where they did), and each topic's partitions (for the byte cap).
  const partitionsOf = new Map<string, PartitionMetadata[]>();
  const assigned = new WeakMap<Message, number>();
  const watchingPartitioner = () => {
    const partitioner = Partitioners.DefaultPartitioner();
    return (args: PartitionerArgs): number => {
      partitionsOf.set(args.topic, args.partitionMetadata);
      const partition = partitioner(args);
      assigned.set(args.message, partition);
      return partition;
    };
  };
  const sizingPartitioner = Partitioners.DefaultPartitioner();

  let connected: Promise<Producer> | undefined;
  const connect = (): Promise<Producer> => {
    if (connected !== undefined) return connected;
    const connecting = (async () => {
      const producer = kafkajsOf(kafka).producer({
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: watchingPartitioner,
        retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 2_000 },
      });
      await producer.connect();
      return producer;
    })();
    connected = connecting;
    // A failed connect is forgotten (the next send tries again), unless a reset already replaced it.
    connecting.catch(() => {
      if (connected === connecting) connected = undefined;
    });
    return connecting;
  };

  const reset = async (): Promise<void> => {
    const producer = connected;
    connected = undefined;
    await producer?.then((p) => p.disconnect()).catch(() => undefined);
  };

  const settle = (pending: PendingSend, error?: unknown, positions: RecordPosition[] = []): void => {
    if (pending.state === 'settled') return;
    pending.state = 'settled';
    clearTimeout(pending.timer);
    if (error === undefined) pending.resolve(positions);
    else pending.reject(error);
  };

  const sendOnce = async (producer: Producer, outgoing: Outgoing[], timeoutMs: number): Promise<void> => {
    let answers: RecordMetadata[];
    try {
      answers = await producer.sendBatch({
        acks: -1,
        timeout: timeoutMs,
        compression: CompressionTypes.None,
        topicMessages: groupBy(outgoing, (entry) => entry.topic).map((group) => ({
          topic: group[0]!.topic,
          messages: group.map((entry) => entry.message),
        })),
      });
    } finally {
      for (const { message } of outgoing) message.partition ??= assigned.get(message);
    }
    placeRecords(outgoing, answers);
    const unanswered = outgoing.filter((entry) => entry.position === undefined);
    if (unanswered.length > 0) {
      // Transient: sent again, only these, under the sequence numbers KafkaJS kept for their partitions.
      const partitions = [
        ...new Set(unanswered.map(({ topic, message }) => `${topic}[${message.partition}]`)),
      ];
      throw new Error(`KafkaJS answered a send without acknowledging ${partitions.join(', ')}.`);
    }
  };

  /**
   * Sends `request.entries` until acknowledged, or until `until()` passes (DeadlinePassed) or the failure
   * is not transient (thrown as it is). `sent` learns whether any attempt reached sendBatch.
   */
  const deliver = async (
    request: { entries: Outgoing[] },
    until: () => number,
    sent: { any: boolean },
  ): Promise<void> => {
    let backoffMs = 100;
    let lastError: unknown = new DeadlinePassed('every caller stopped waiting');
    for (;;) {
      const remaining = until() - Date.now();
      if (remaining <= 0)
        throw lastError instanceof DeadlinePassed ? lastError : new DeadlinePassed(String(lastError));
      try {
        const producer = await withDeadline(connect(), remaining);
        if (!sent.any) {
          // Callers told "nothing sent" while this connected stay told the truth: theirs never go out.
          request.entries = request.entries.filter((entry) => entry.pending.state !== 'settled');
          if (request.entries.length === 0) return;
        }
        sent.any = true;
        // What an earlier attempt got acknowledged stays placed; sending it again would append it again.
        const unplaced = request.entries.filter((entry) => entry.position === undefined);
        if (unplaced.length === 0) return;
        await withDeadline(sendOnce(producer, unplaced, remaining), until() - Date.now());
        return;
      } catch (error) {
        if (error instanceof DeadlinePassed) throw error;
        if (classifyProduceFailure(error) !== 'transient') throw error;
        lastError = error;
        await delay(Math.max(0, Math.min(backoffMs, until() - Date.now())));
        backoffMs = Math.min(backoffMs * 2, 1_000);
      }
    }
  };

  const partitionKey = ({ topic, message }: Outgoing): string =>
    `${topic}\u0000${message.partition ?? assigned.get(message) ?? '?'}`;

  /** Replays a request whose batch a partition refused; returns the callers the broker refused alone. */
  const isolate = async (
    outgoing: Outgoing[],
    until: () => number,
    sent: { any: boolean },
  ): Promise<Map<PendingSend, unknown>> => {
    const refused = new Map<PendingSend, unknown>();
    for (const partition of groupBy(outgoing, partitionKey)) {
      try {
        // The same batch as before: a partition that appended it answers "duplicate", i.e. success.
        await deliver({ entries: partition }, until, sent);
      } catch (error) {
        if (classifyProduceFailure(error) !== 'records-rejected') throw error;
        // This partition appended none of it, so its callers may go one by one.
        for (const callerRecords of groupBy(partition, (entry) => entry.pending)) {
          const pending = callerRecords[0]!.pending;
          await deliver({ entries: callerRecords }, until, sent).catch((callerError: unknown) => {
            if (classifyProduceFailure(callerError) !== 'records-rejected') throw callerError;
            refused.set(pending, tooLarge(callerError, pending.topics));
          });
        }
      }
    }
    return refused;
  };

  const runRequest = async (sends: PendingSend[]): Promise<void> => {
    const sent = { any: false };
    for (const pending of sends) {
      pending.state = 'sending';
      pending.sent = sent;
    }
    const all = sends.flatMap((pending) =>
      pending.records.map(({ topic, key, value, headers }): Outgoing => ({
        pending,
        topic,
        message: { key, value, headers },
      })),
    );
    const request = { entries: all };
    const positionsOf = (pending: PendingSend): RecordPosition[] =>
      all.filter((entry) => entry.pending === pending).map((entry) => entry.position!);
    // Callers whose deadline passed were answered already; the request goes on for the others.
    const until = (): number =>
      Math.max(-Infinity, ...sends.filter((p) => p.state !== 'settled').map((p) => p.deadline));
    let refused = new Map<PendingSend, unknown>();
    try {
      try {
        await deliver(request, until, sent);
      } catch (error) {
        if (classifyProduceFailure(error) !== 'records-rejected') throw error;
        refused = await isolate(request.entries, until, sent);
      }
      for (const pending of sends) settle(pending, refused.get(pending), positionsOf(pending));
    } catch (error) {
      // Given up with sequence numbers rolled back: a new producer id makes sure no other records are
      // ever sent under them (the broker would take those for duplicates and drop them). Not awaited: a
      // stalled broker may hold the old producer's goodbye, and the queue need not wait for it.
      void reset();
      for (const pending of sends) {
        settle(
          pending,
          refused.get(pending) ??
            (sent.any
              ? outcomeUnknown(error, pending.topics)
              : notSent('no connection to a broker', pending.topics, error)),
        );
      }
    }
  };

  const queue: PendingSend[] = [];
  let queued = 0;

  const bucketOf = (record: ProducerRecord): string => {
    const partitionMetadata = partitionsOf.get(record.topic);
    if (partitionMetadata === undefined || record.key === null) return record.topic;
    const message = { key: record.key, value: record.value };
    return `${record.topic}\u0000${sizingPartitioner({ topic: record.topic, partitionMetadata, message })}`;
  };

  /** Whole sends only, in arrival order, so each caller's records keep their order and land together. */
  const takeRequest = (): PendingSend[] => {
    const bytes = new Map<string, number>();
    const fits = (pending: PendingSend): boolean => {
      const added = new Map(bytes);
      for (const record of pending.records) {
        const bucket = bucketOf(record);
        added.set(bucket, (added.get(bucket) ?? 0) + recordSize(record));
      }
      if ([...added.values()].some((size) => size > maxBytesPerPartition) && bytes.size > 0) return false;
      for (const [bucket, size] of added) bytes.set(bucket, size);
      return true;
    };
    const taken: PendingSend[] = [];
    let records = 0;
    while (queue.length > 0) {
      const next = queue[0]!;
      if (taken.length > 0 && (records + next.records.length > maxRecordsPerRequest || !fits(next))) break;
      if (taken.length === 0) fits(next);
      queue.shift();
      queued -= next.records.length;
      records += next.records.length;
      taken.push(next);
    }
    return taken;
  };

  let flushing = false;
  const flush = async (): Promise<void> => {
    flushing = true;
    try {
      while (queue.length > 0) await runRequest(takeRequest());
    } finally {
      flushing = false;
    }
  };

  return {
    send(records, { deadline = Date.now() + sendTimeoutMs } = {}) {
      if (records.length === 0) return Promise.resolve([]);
      const topics = [...new Set(records.map((record) => record.topic))];
      if (queued + records.length > maxQueuedRecords) {
        return Promise.reject(notSent(`the send queue holds ${queued} records, its limit`, topics));
      }
      return new Promise<RecordPosition[]>((resolve, reject) => {
        const pending: PendingSend = { records, topics, deadline, state: 'queued', resolve, reject };
        pending.timer = setTimeout(
          () => {
            if (pending.state === 'queued') {
              queue.splice(queue.indexOf(pending), 1);
              queued -= records.length;
              settle(pending, notSent('no request could take the records before the deadline', topics));
            } else if (pending.sent?.any !== true) {
              settle(pending, notSent('no connection to a broker before the deadline', topics));
            } else {
              settle(pending, outcomeUnknown(new Error('no acknowledgement before the deadline'), topics));
            }
          },
          Math.max(0, deadline - Date.now()),
        );
        queue.push(pending);
        queued += records.length;
        if (!flushing) void flush();
      });
    },
    queuedRecords: () => queued,
    disconnect: reset,
  };
};
