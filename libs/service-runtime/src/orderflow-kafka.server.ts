import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';

import type { Topic } from '@orderflow/contracts';
import { OrderflowError } from '@orderflow/errors';
import {
  createBatchConsumer,
  physicalTopic,
  type BatchConsumer,
  type BatchControl,
  type KafkaClient,
  type PartitionRecord,
  type RecordBatch,
} from '@orderflow/kafka';
import { FAILURE_HEADER, headerText } from '@orderflow/retry';
import type { ConsumerGroupModel } from '@orderflow/topics';

import type { ConsumerStatus, StalledBatch } from './consumer-status';
import type { EventContext } from './event-context';
import type { HandlerResult } from './follow-up';
import { runKeyOrdered } from './key-ordered-batch';
import { createOffsetCommitter, type OffsetCommitter } from './offset-committer';
import type { RedisOffsets } from './redis-offsets';
import {
  createMessageProcessor,
  isDeferral,
  type InboundRecord,
  type MessageProcessor,
  type MessageProcessorOptions,
} from './message-processor';
import { retryWaitMs } from './retry-due';
import { checkSubscriptions } from './subscriptions.check';

export interface OrderflowKafkaServerOptions extends Omit<
  MessageProcessorOptions,
  'invoke' | 'retryTopics' | 'retryTierLabels' | 'group' | 'knownTopics'
> {
  kafka: KafkaClient;
  group: ConsumerGroupModel;
  /** Partitions processed in parallel. */
  partitionsConsumedConcurrently: number;
  /** Orders (record keys) processed at once within a partition's batch; one key's records stay in order. */
  keysInFlight: number;
  sessionTimeoutMs: number;
  /** How often finished offsets are committed. */
  commitIntervalMs: number;
  /** Back-off between attempts to (re)start a consumer that could not connect or crashed. */
  restartDelayMs?: number;
  /** Offsets kept beside the effects in Redis, one set per consumer (see RedisOffsets). */
  redisOffsets?: (consumer: BatchConsumer) => RedisOffsets;
}

/**
 * The Nest transport (a coordinator: longer than most files): subscribes the consumer group to the logical
 * topics of the app's `@EventPattern` handlers and to the group's retry tiers, and feeds every record
 * through the message processor: several orders of a batch at once, each order's records in log order.
 * Retry-tier partitions whose head record is not yet due are paused until it is, and so is a partition
 * with a deferred record (another consumer's lease, a registry that does not answer) until it is worth
 * reading again, so waiting never blocks the group's other partitions. Only offsets of records the processor has fully dealt with are resolved,
 * and those are committed on an interval (see OffsetCommitter).
 */
const ORDERFLOW_KAFKA_TRANSPORT = Symbol('orderflow-kafka');

/** How long a failing batch waits for the commit of what it got done before it fails. */
const FAILURE_COMMIT_WAIT_MS = 2_000;

/** How often batches in flight are checked for stalls (at most; a third of the session when shorter). */
const STALL_CHECK_MS = 10_000;

interface BatchInFlight {
  topic: string;
  partition: number;
  firstOffset: string | undefined;
  startedAt: number;
  /** What the batch is doing outside its records' own steps (waiting for a heartbeat, a commit). */
  step: string;
}

export class OrderflowKafkaServer extends Server implements CustomTransportStrategy {
  private consumer: BatchConsumer | undefined;
  private processor: MessageProcessor | undefined;
  private closing = false;
  private readonly resumeTimers = new Set<NodeJS.Timeout>();
  private readonly statusValue: ConsumerStatus = {
    state: 'starting',
    assignment: {},
    lastError: undefined,
    stalledBatches: [],
  };
  private readonly runningWaiters: (() => void)[] = [];
  private readonly handlersByTopic = new Map<Topic, MessageHandler | null>();
  private committer: OffsetCommitter | undefined;
  /** Each batch in flight, with where it comes from and when it started (see watchForStalls). */
  private readonly batchesInFlight = new Map<Promise<void>, BatchInFlight>();
  private stallWatch: NodeJS.Timeout | undefined;
  /**
   * Offsets dealt with behind a deferred record of their partition, by `<partition>:<topic>`: when the
   * partition is read again from the deferred record, they are skipped rather than routed a second time
   * (a failure has no done marker to find).
   */
  private readonly doneAhead = new Map<string, Set<string>>();

  constructor(private readonly options: OrderflowKafkaServerOptions) {
    super();
    // A transport of its own, so that in a hybrid app the handlers of another transport (the order API's
    // @GrpcMethod ones) are not bound here as if they were topics; @EventPattern handlers name no
    // transport and are bound to every server, this one included.
    this.setTransportId(ORDERFLOW_KAFKA_TRANSPORT);
  }

  get consumerStatus(): ConsumerStatus {
    return this.statusValue;
  }

  /** Resolves once the consumer has joined its group with the current assignment. */
  whenRunning(): Promise<void> {
    return this.statusValue.state === 'running'
      ? Promise.resolve()
      : new Promise((resolve) => this.runningWaiters.push(resolve));
  }

  listen(callback: () => void): void {
    const topics = [...this.messageHandlers.keys()] as Topic[];
    checkSubscriptions(
      this.options.group,
      topics.map((topic) => physicalTopic(this.options.topicPrefix, topic)),
    );
    const retryTopics = new Set(this.options.group.retryTiers.map((tier) => tier.topic));
    this.processor = createMessageProcessor({
      ...this.options,
      group: this.options.group.name,
      retryTopics,
      retryTierLabels: this.options.group.retryTiers.map((tier) => tier.delayLabel),
      knownTopics: new Set(topics),
      invoke: (topic, payload, context) => this.invoke(topic, payload, context),
    });
    // The HTTP side (health, API) must come up even when Kafka is down: the consumer starts in the
    // background and keeps trying; readiness reports whether it runs.
    void this.startConsumer([
      ...topics.map((topic) => physicalTopic(this.options.topicPrefix, topic)),
      ...retryTopics,
    ]);
    this.stallWatch = setInterval(
      () => this.reportStalledBatches(),
      Math.min(STALL_CHECK_MS, this.options.sessionTimeoutMs / 3),
    );
    this.stallWatch.unref();
    callback();
  }

  /**
   * Reports every batch in flight for longer than the session timeout (its records time out at their
   * deadline; a wait pauses the partition rather than holding the batch), with each record's current step:
   * a stalled batch holds its partition's fetch and the consumer's heartbeats, so the group moves on
   * without the consumer while nothing says why (chaos case 16 found the order-api group empty for minutes).
   * Logged as `consumer.batch-stalled` and kept in the status the health endpoint shows.
   */
  private reportStalledBatches(): void {
    const now = Date.now();
    const inProgress = this.processor?.inProgress() ?? [];
    const stalled: StalledBatch[] = [];
    for (const batch of this.batchesInFlight.values()) {
      if (now - batch.startedAt < this.options.sessionTimeoutMs) continue;
      stalled.push({
        topic: batch.topic,
        partition: batch.partition,
        firstOffset: batch.firstOffset,
        step: batch.step,
        stalledForMs: now - batch.startedAt,
        records: inProgress
          .filter((record) => record.topic === batch.topic && record.partition === batch.partition)
          .map((record) => ({ offset: record.offset, step: record.step, forMs: now - record.since })),
      });
    }
    this.statusValue.stalledBatches = stalled;
    for (const batch of stalled) {
      this.options.logger.error('consumer.batch-stalled', { group: this.options.group.name, ...batch });
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.stallWatch);
    for (const timer of this.resumeTimers) clearTimeout(timer);
    // Batches in flight start no more records and finish the ones started; what is done is committed
    // while the consumer still holds its partitions, then it leaves the group.
    while (this.batchesInFlight.size > 0) await Promise.allSettled(this.batchesInFlight.keys());
    await this.committer?.flush();
    this.committer?.stop();
    await this.consumer?.disconnect();
    this.statusValue.state = 'stopped';
  }

  on(): never {
    throw new Error('OrderflowKafkaServer emits no transport events; read `consumerStatus` instead.');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  private async invoke(topic: Topic, payload: unknown, context: EventContext): Promise<HandlerResult> {
    // Nest's own lookup re-parses every registered pattern on each call; the handlers are fixed by now.
    let handler = this.handlersByTopic.get(topic);
    if (handler === undefined) {
      handler = this.getHandlerByPattern(topic) ?? null;
      this.handlersByTopic.set(topic, handler);
    }
    if (!handler) {
      throw new OrderflowError(
        'CONFIG_INVALID',
        `No @EventPattern handler for ${topic} in group ${context.group}.`,
        {
          context: { topic, group: context.group },
        },
      );
    }
    return lastValueFrom(this.transformToObservable(await handler(payload, context)), {
      defaultValue: undefined,
    }) as Promise<HandlerResult>;
  }

  private async startConsumer(physicalTopics: string[]): Promise<void> {
    const {
      kafka,
      group,
      topicPrefix,
      logger,
      partitionsConsumedConcurrently,
      commitIntervalMs,
      restartDelayMs = 2_000,
    } = this.options;
    while (!this.closing) {
      // This loop owns every restart (the batch consumer never restarts itself): otherwise a consumer
      // that crashed could come back behind our back, and the status would never leave 'running'.
      const consumer = createBatchConsumer(kafka, {
        groupId: `${topicPrefix}${group.name}`,
        sessionTimeoutMs: this.options.sessionTimeoutMs,
        heartbeatIntervalMs: Math.floor(this.options.sessionTimeoutMs / 10),
        // A resumed retry partition joins the next fetch; a short long-poll keeps retry delays close to
        // what topics.yaml says instead of adding up to the default 5 s.
        maxWaitTimeMs: 500,
      });
      this.consumer = consumer;
      const redisOffsets = this.options.redisOffsets?.(consumer);
      const committer = createOffsetCommitter({
        commit: (offsets) => consumer.commitOffsets(offsets),
        persist: redisOffsets && ((offsets) => redisOffsets.save(offsets)),
        intervalMs: commitIntervalMs,
        logger,
      });
      this.committer = committer;
      try {
        consumer.onGroupJoin((assignment) => {
          committer.retain(assignment);
          redisOffsets?.assigned(assignment);
          // A join may come with a seek back (Redis behind Kafka): what was dealt with ahead may then have
          // lost its effects, so it is read again and the done markers that survived decide.
          this.doneAhead.clear();
          this.statusValue.state = 'running';
          this.statusValue.assignment = assignment;
          this.statusValue.lastError = undefined;
          this.runningWaiters.splice(0).forEach((resolve) => resolve());
        });
        const ended = this.whenEnded(consumer);
        await consumer.connect();
        await consumer.subscribe({ topics: physicalTopics, fromBeginning: true });
        // Nothing is resolved or committed unless asked: the committer commits on its interval.
        await consumer.run({
          partitionsConsumedConcurrently,
          eachBatch: (batch, control) => {
            const tracked = this.trackedBatch(batch);
            return this.trackBatch(
              tracked,
              this.consumeBatch(batch, control, committer, redisOffsets, (step) => (tracked.step = step)),
            );
          },
        });
        await ended;
      } catch (error) {
        if (this.closing) return;
        // Connecting or subscribing failed (Kafka down, topics missing): KafkaJS reports no event for it.
        this.statusValue.state = 'crashed';
        this.statusValue.lastError = error instanceof Error ? error.message : String(error);
      }
      if (this.closing) return;
      // A consumer that stopped commits nothing more; its records since the last commit are read again.
      committer.stop();
      await consumer.disconnect().catch(() => undefined);
      // KafkaJS logs a crash's cause itself ("Crash: ..."); this line says what happens next.
      logger.error('consumer.restarting', {
        groupId: `${topicPrefix}${group.name}`,
        state: this.statusValue.state,
        error: this.statusValue.lastError,
        restartInMs: restartDelayMs,
      });
      await new Promise((resolve) => setTimeout(resolve, restartDelayMs));
    }
  }

  /**
   * Resolves when the consumer stopped consuming without being asked to, with the status already saying
   * so: readiness turns down at once, not at the next join. A crash emits STOP, then CRASH with the cause
   * (which then replaces 'stopped'); a STOP alone means something stopped it under us. Events of a
   * consumer being closed, or already replaced, are not news.
   */
  private whenEnded(consumer: BatchConsumer): Promise<void> {
    const current = () => !this.closing && this.consumer === consumer;
    return new Promise((resolve) => {
      consumer.onStop(() => {
        if (!current()) return;
        this.statusValue.state = 'stopped';
        this.statusValue.lastError = 'the Kafka consumer stopped';
        resolve();
      });
      consumer.onCrash((error) => {
        if (!current()) return;
        this.statusValue.state = 'crashed';
        this.statusValue.lastError = error.message;
        resolve();
      });
    });
  }

  private trackedBatch(batch: RecordBatch): BatchInFlight {
    return {
      topic: batch.topic,
      partition: batch.partition,
      firstOffset: batch.records[0]?.offset,
      startedAt: Date.now(),
      step: 'start',
    };
  }

  private async trackBatch(tracked: BatchInFlight, work: Promise<void>): Promise<void> {
    this.batchesInFlight.set(work, tracked);
    try {
      await work;
    } finally {
      this.batchesInFlight.delete(work);
    }
  }

  private async consumeBatch(
    batch: RecordBatch,
    control: BatchControl,
    committer: OffsetCommitter,
    redisOffsets: RedisOffsets | undefined,
    enter: (step: string) => void,
  ): Promise<void> {
    const processor = this.processor;
    // Closing: records not started stay unresolved and are read again by the next owner.
    if (!processor || this.closing) return;
    const isRetryTier = this.options.group.retryTiers.some((tier) => tier.topic === batch.topic);
    try {
      // Redis behind this partition's first batch: the consumer seeks back instead (see RedisOffsets).
      enter('compare offsets with Redis');
      if (redisOffsets && !(await redisOffsets.admit(batch))) return;
      enter('records');
      if (isRetryTier) await this.consumeRetryBatch(batch, control, processor, committer, enter);
      else await this.consumeSourceBatch(batch, control, processor, committer, enter);
    } catch (error) {
      // Kafka or Redis is down and the consumer restarts: what is done is committed first, so it is not
      // read again, but only as long as a commit takes when Kafka works. A Kafka that cannot commit (the
      // group's coordinator gone) held batches here for minutes in chaos case 16, and with them the
      // consumer's heartbeats; what is not committed is read again and found done.
      enter('commit what is done before the failure');
      await committer.flushWithin(FAILURE_COMMIT_WAIT_MS);
      enter('failed');
      throw error;
    }
  }

  /**
   * A source topic's batch: several orders at once, each order's records in log order. Only the leading
   * records that all completed are resolved; a failure (Kafka or Redis down) is thrown after that, and the
   * consumer restarts from the first record not done.
   */
  private async consumeSourceBatch(
    batch: RecordBatch,
    control: BatchControl,
    processor: MessageProcessor,
    committer: OffsetCommitter,
    enter: (step: string) => void,
  ): Promise<void> {
    const aheadKey = `${batch.partition}:${batch.topic}`;
    const ahead = this.doneAhead.get(aheadKey) ?? new Set<string>();
    const dealtWith: string[] = [];
    let retryInMs = Infinity;
    const { completedPrefix, error } = await runKeyOrdered({
      records: batch.records,
      keyOf: (message) => message.key?.toString('latin1') ?? '',
      keysInFlight: this.options.keysInFlight,
      mayStart: () => control.isRunning() && !control.isStale() && !this.closing,
      work: async (message) => {
        if (ahead.has(message.offset)) return;
        const result = await processor.process(inboundRecord(batch, message), () => control.heartbeat());
        enter(`heartbeat after offset ${message.offset}`);
        await control.heartbeat();
        enter('records');
        if (!isDeferral(result)) {
          dealtWith.push(message.offset);
          return;
        }
        retryInMs = Math.min(retryInMs, result.retryInMs);
        return 'deferred';
      },
    });
    const lastDone = batch.records[completedPrefix - 1];
    if (lastDone) {
      control.resolveOffset(lastDone.offset);
      committer.done(batch.topic, batch.partition, lastDone.offset);
    }
    this.rememberDoneAhead(aheadKey, ahead, dealtWith, lastDone?.offset);
    if (error !== undefined) throw error;
    // Only this partition waits; it is read again from its first record not done (later records of other
    // keys that completed meanwhile are found done then).
    if (retryInMs !== Infinity) this.pauseFor(control, retryInMs);
  }

  /**
   * A retry tier's batch, strictly in order: a partition whose head record is not yet due is paused until
   * it is, so waiting never blocks the group's other partitions.
   */
  private async consumeRetryBatch(
    batch: RecordBatch,
    control: BatchControl,
    processor: MessageProcessor,
    committer: OffsetCommitter,
    enter: (step: string) => void,
  ): Promise<void> {
    const tierDelayMs =
      this.options.group.retryTiers.find((tier) => tier.topic === batch.topic)?.delayMs ?? 0;
    for (const message of batch.records) {
      if (!control.isRunning() || control.isStale() || this.closing) break;
      const waitMs = retryWaitMs({
        dueAtHeader: headerText(message.headers, FAILURE_HEADER.dueAt),
        writtenAt: Number(message.timestamp),
        tierDelayMs,
        now: Date.now(),
      });
      if (waitMs > 0) {
        this.pauseFor(control, waitMs);
        break;
      }
      const result = await processor.process(inboundRecord(batch, message), () => control.heartbeat());
      if (isDeferral(result)) {
        this.pauseFor(control, result.retryInMs);
        break;
      }
      control.resolveOffset(message.offset);
      committer.done(batch.topic, batch.partition, message.offset);
      enter(`heartbeat after offset ${message.offset}`);
      await control.heartbeat();
      enter('records');
    }
  }

  /** Keeps the offsets dealt with past the resolved ones (behind a deferred record), forgets the rest. */
  private rememberDoneAhead(key: string, ahead: Set<string>, dealtWith: string[], resolved?: string): void {
    const resolvedUpTo = resolved === undefined ? -1n : BigInt(resolved);
    for (const offset of dealtWith) ahead.add(offset);
    for (const offset of ahead) if (BigInt(offset) <= resolvedUpTo) ahead.delete(offset);
    if (ahead.size > 0) this.doneAhead.set(key, ahead);
    else this.doneAhead.delete(key);
  }

  /** Pauses the batch's partition for `ms`; its unresolved records are fetched again after that. */
  private pauseFor(control: BatchControl, ms: number): void {
    const resume = control.pause();
    const timer = setTimeout(() => {
      this.resumeTimers.delete(timer);
      resume();
    }, ms);
    this.resumeTimers.add(timer);
  }
}

const inboundRecord = (batch: RecordBatch, message: PartitionRecord): InboundRecord => ({
  physicalTopic: batch.topic,
  partition: batch.partition,
  offset: message.offset,
  timestamp: message.timestamp,
  key: message.key,
  value: message.value,
  headers: message.headers,
});
