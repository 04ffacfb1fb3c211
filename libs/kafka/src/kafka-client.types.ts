import type { RecordBatch } from './batch-consumer.types';
import type { KafkaAdmin } from './kafka-admin';
import type { KafkaRecord, RecordHeaders, TopicPartitionOffset } from './kafka-types';

/**
 * A connection to the cluster that builds the handles everything else uses: services hand it to the
 * batch consumer and the reliable producer; operator tools, inspectors and tests build plain consumers,
 * producers and admins from it. Only libs/kafka knows the client library behind it.
 */
export interface KafkaClient {
  /** An admin, not yet connected. */
  admin(): KafkaAdmin;
  consumer(options: ToolConsumerOptions): ToolConsumer;
  producer(options?: ToolProducerOptions): ToolProducer;
}

export interface ToolConsumerOptions {
  groupId: string;
  /** Subscribing to a missing topic creates it when true (the broker's setting decides too). */
  allowAutoTopicCreation?: boolean;
  /** Bounds one fetch's bytes per partition and in all (a single larger record still comes whole). */
  maxBytesPerPartition?: number;
  maxBytes?: number;
}

export interface ToolConsumerRun {
  /** Commits what was handed over, every few seconds; readers that must leave no trace turn it off. */
  autoCommit?: boolean;
  /** One record at a time; a record counts as read once its promise resolves. */
  eachMessage?: (record: KafkaRecord) => Promise<void>;
  /** One partition's batch at a time; every record of it counts as read once the promise resolves. */
  eachBatch?: (batch: RecordBatch, control: { heartbeat(): Promise<void> }) => Promise<void>;
}

/**
 * A consumer group member for tools and tests: it reads and moves on by itself (unlike the services'
 * `BatchConsumer`, which leaves every resolve and commit to its user).
 */
export interface ToolConsumer {
  connect(): Promise<void>;
  subscribe(subscription: { topics: string[]; fromBeginning?: boolean }): Promise<void>;
  /** Starts fetching; resolves once the fetch loop runs, not when it ends. */
  run(run: ToolConsumerRun): Promise<void>;
  /** Stops fetching these partitions until the member leaves. */
  pause(partitions: { topic: string; partitions: number[] }[]): void;
  /** Moves a partition's next read (applies once the partition is assigned). */
  seek(position: TopicPartitionOffset): void;
  disconnect(): Promise<void>;
}

export interface ToolProducerOptions {
  /** Sequence numbers per partition, so a retried request is never appended twice. */
  idempotent?: boolean;
}

/** A record to send as given; without `partition`, the producers' partitioner picks it from the key. */
export interface ToolMessage {
  key: string | Buffer | null;
  value: string | Buffer | null;
  headers?: RecordHeaders;
  partition?: number;
}

/**
 * Sends records as given, each call acknowledged by all in-sync replicas (acks=all), keyed records on the
 * partition every orderflow producer would choose. Tests and tools only: services use `ReliableProducer`.
 */
export interface ToolProducer {
  connect(): Promise<void>;
  /** Where the records went: per partition written, the offset of the first. */
  send(request: {
    topic: string;
    messages: ToolMessage[];
  }): Promise<{ topicName: string; partition: number; baseOffset?: string }[]>;
  disconnect(): Promise<void>;
}

/** How much of the client library's own logging reaches stderr. */
export type KafkaLogLevel = 'nothing' | 'error' | 'warn';
