import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { lastValueFrom } from 'rxjs';

import type { Topic } from '@orderflow/contracts';
import { OrderflowError } from '@orderflow/errors';
import { physicalTopic } from '@orderflow/kafka';
import { FAILURE_HEADER, headerText } from '@orderflow/retry';
import type { ConsumerGroupModel } from '@orderflow/topics';

import type { ConsumerStatus } from './consumer-status';
import type { EventContext } from './event-context';
import type { HandlerResult } from './follow-up';
import {
  createMessageProcessor,
  type MessageProcessor,
  type MessageProcessorOptions,
} from './message-processor';

export interface OrderflowKafkaServerOptions extends Omit<
  MessageProcessorOptions,
  'invoke' | 'retryTopics' | 'retryTierLabels' | 'group'
> {
  kafka: Kafka;
  group: ConsumerGroupModel;
  /** Partitions processed in parallel; records of one partition are always processed in order. */
  partitionsConsumedConcurrently: number;
  sessionTimeoutMs: number;
  /** Back-off between attempts to (re)start a consumer that could not connect or crashed. */
  restartDelayMs?: number;
}

/**
 * The Nest transport (coordinator, larger by design): subscribes the consumer group to the logical
 * topics of the app's `@EventPattern` handlers and to the group's retry tiers, and feeds every record
 * through the message processor. Retry-tier partitions whose head record is not yet due are paused until
 * it is, so waiting never blocks the group's other partitions. Offsets are resolved only for records
 * the processor has fully dealt with.
 */
export class OrderflowKafkaServer extends Server implements CustomTransportStrategy {
  private consumer: Consumer | undefined;
  private processor: MessageProcessor | undefined;
  private closing = false;
  private readonly resumeTimers = new Set<NodeJS.Timeout>();
  private readonly statusValue: ConsumerStatus = { state: 'starting', assignment: {}, lastError: undefined };
  private readonly runningWaiters: (() => void)[] = [];

  constructor(private readonly options: OrderflowKafkaServerOptions) {
    super();
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
    const retryTopics = new Set(this.options.group.retryTiers.map((tier) => tier.topic));
    this.processor = createMessageProcessor({
      ...this.options,
      group: this.options.group.name,
      retryTopics,
      retryTierLabels: this.options.group.retryTiers.map((tier) => tier.delayLabel),
      invoke: (topic, payload, context) => this.invoke(topic, payload, context),
    });
    // The HTTP side (health, API) must come up even when Kafka is down: the consumer starts in the
    // background and keeps trying; readiness reports whether it runs.
    void this.startConsumer([
      ...topics.map((topic) => physicalTopic(this.options.topicPrefix, topic)),
      ...retryTopics,
    ]);
    callback();
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const timer of this.resumeTimers) clearTimeout(timer);
    // disconnect() waits for the batch in flight: its records finish and their offsets are committed.
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
    const handler = this.getHandlerByPattern(topic);
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
      restartDelayMs = 2_000,
    } = this.options;
    while (!this.closing) {
      const consumer = kafka.consumer({
        groupId: `${topicPrefix}${group.name}`,
        allowAutoTopicCreation: false,
        sessionTimeout: this.options.sessionTimeoutMs,
        heartbeatInterval: Math.floor(this.options.sessionTimeoutMs / 10),
        // A resumed retry partition joins the next fetch; a short long-poll keeps retry delays close to
        // what topics.yaml says instead of adding up to the default 5 s.
        maxWaitTimeInMs: 500,
        // This loop owns every restart: left to itself, KafkaJS restarts a consumer that crashed with a
        // retriable error on its own, behind our back, and the status would never leave 'running'.
        // (`retries: 5` is KafkaJS's consumer default, which passing `retry` would otherwise drop.)
        retry: { retries: 5, restartOnFailure: () => Promise.resolve(false) },
      });
      this.consumer = consumer;
      try {
        consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
          this.statusValue.state = 'running';
          this.statusValue.assignment = payload.memberAssignment;
          this.statusValue.lastError = undefined;
          this.runningWaiters.splice(0).forEach((resolve) => resolve());
        });
        const ended = this.whenEnded(consumer);
        await consumer.connect();
        await consumer.subscribe({ topics: physicalTopics, fromBeginning: true });
        await consumer.run({
          partitionsConsumedConcurrently,
          eachBatchAutoResolve: false,
          eachBatch: (payload) => this.consumeBatch(payload),
        });
        await ended;
      } catch (error) {
        if (this.closing) return;
        // Connecting or subscribing failed (Kafka down, topics missing): KafkaJS reports no event for it.
        this.statusValue.state = 'crashed';
        this.statusValue.lastError = error instanceof Error ? error.message : String(error);
      }
      if (this.closing) return;
      await consumer.disconnect().catch(() => undefined);
      // KafkaJS logs a crash's cause itself ("Crash: ..."); this line says what happens next.
      logger.error('consumer ended; restarting', {
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
  private whenEnded(consumer: Consumer): Promise<void> {
    const current = () => !this.closing && this.consumer === consumer;
    return new Promise((resolve) => {
      consumer.on(consumer.events.STOP, () => {
        if (!current()) return;
        this.statusValue.state = 'stopped';
        this.statusValue.lastError = 'the Kafka consumer stopped';
        resolve();
      });
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        if (!current()) return;
        this.statusValue.state = 'crashed';
        this.statusValue.lastError = payload.error.message;
        resolve();
      });
    });
  }

  private async consumeBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const processor = this.processor;
    if (!processor) return;
    const isRetryTier = this.options.group.retryTiers.some((tier) => tier.topic === batch.topic);
    for (const message of batch.messages) {
      if (!payload.isRunning() || payload.isStale()) break;
      if (isRetryTier) {
        const waitMs = Number(headerText(message.headers, FAILURE_HEADER.dueAt) ?? 0) - Date.now();
        if (waitMs > 0) {
          // Unresolved records are fetched again after resume, starting with this one.
          const resume = payload.pause();
          const timer = setTimeout(() => {
            this.resumeTimers.delete(timer);
            resume();
          }, waitMs);
          this.resumeTimers.add(timer);
          break;
        }
      }
      await processor.process(
        {
          physicalTopic: batch.topic,
          partition: batch.partition,
          offset: message.offset,
          timestamp: message.timestamp,
          key: message.key,
          value: message.value,
          headers: message.headers,
        },
        () => payload.heartbeat(),
      );
      payload.resolveOffset(message.offset);
      await payload.heartbeat();
    }
    await payload.commitOffsetsIfNecessary();
  }
}
