import type { PartitionAssignment, PartitionRecord, TopicPartitionOffset } from './kafka-types';

/** One partition's fetched records, in log order. */
export interface RecordBatch {
  topic: string;
  partition: number;
  records: PartitionRecord[];
  /** The first record's offset, or null for an empty batch. */
  firstOffset(): string | null;
  /** The batch's last offset, control records (transaction markers) included: where the next read starts, less one. */
  lastOffset(): string;
}

/** What a batch handler may do to its partition while it works through the batch. */
export interface BatchControl {
  /** Stops fetching this partition; the returned function resumes it (unresolved records are fetched again). */
  pause(): () => void;
  /** Marks a record done; committing is separate (`commitOffsets`). */
  resolveOffset(offset: string): void;
  /** Tells the group coordinator this member is alive during a long batch. */
  heartbeat(): Promise<void>;
  /** False once the consumer is stopping: start no further records. */
  isRunning(): boolean;
  /** True once the batch is outdated (a seek or a rebalance): start no further records. */
  isStale(): boolean;
}

export interface BatchConsumerRun {
  partitionsConsumedConcurrently: number;
  /** Resolves when the batch is dealt with; a rejection crashes the consumer (see `onCrash`). */
  eachBatch(batch: RecordBatch, control: BatchControl): Promise<void>;
}

/**
 * A consumer group member that hands over whole batches and leaves every decision to its user: nothing
 * is resolved or committed unless asked, and it never restarts itself after a crash.
 */
export interface BatchConsumer {
  connect(): Promise<void>;
  subscribe(subscription: { topics: string[]; fromBeginning: boolean }): Promise<void>;
  /** Starts fetching; resolves once the fetch loop runs, not when it ends. */
  run(run: BatchConsumerRun): Promise<void>;
  /** Moves a partition's next read; batches fetched before it turn stale. */
  seek(position: TopicPartitionOffset): void;
  /** Commits next offsets for the group. */
  commitOffsets(offsets: TopicPartitionOffset[]): Promise<void>;
  /** Stops fetching and processing; the member stays connected. */
  stop(): Promise<void>;
  /** Leaves the group and closes the connections. */
  disconnect(): Promise<void>;
  /** The member joined the group with this assignment (also after every rebalance). */
  onGroupJoin(listener: (assignment: PartitionAssignment) => void): void;
  /** The fetch loop stopped: asked to, or because it crashed (then `onCrash` follows). */
  onStop(listener: () => void): void;
  /** The consumer crashed (a batch handler threw, or the broker connection failed) and will not restart. */
  onCrash(listener: (error: Error) => void): void;
}

export interface BatchConsumerOptions {
  groupId: string;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  /** The fetch's long-poll: how long a fetch waits for records before answering empty. */
  maxWaitTimeMs: number;
}
