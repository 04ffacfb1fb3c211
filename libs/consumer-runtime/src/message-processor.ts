import { setTimeout as delay } from 'node:timers/promises';

import type { IHeaders } from 'kafkajs';

import type { Topic } from '@orderflow/contracts';
import { isOrderflowError, OrderflowError } from '@orderflow/errors';
import type { IdempotencyStore } from '@orderflow/idempotency';
import { childTraceparent, deriveEventId, HEADER, logicalTopic, type EventPublisher } from '@orderflow/kafka';
import { withLogContext, type Logger } from '@orderflow/logging';
import type { AvroSerde } from '@orderflow/registry';
import { decodeRetryState, headerText, type FailureDecision, type FailureRouter } from '@orderflow/retry';

import type { EventContext } from './event-context';
import type { HandlerResult } from './follow-up';
import type { MessageMetrics } from './metrics/message-metrics';

/** A record as fetched, before anything is decoded. */
export interface InboundRecord {
  physicalTopic: string;
  partition: number;
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders | undefined;
}

/** Calls the `@EventPattern` handler of a logical topic. */
export type HandlerInvoker = (
  topic: Topic,
  payload: unknown,
  context: EventContext,
) => Promise<HandlerResult>;

export type ProcessOutcome = 'processed' | 'duplicate' | FailureDecision['kind'];

export interface MessageProcessorOptions {
  group: string;
  topicPrefix: string;
  /** Physical names of the group's retry topics: records there carry their original coordinates. */
  retryTopics: ReadonlySet<string>;
  /** The group's retry tiers' delays as written in topics.yaml (`1s`, `10s`), in tier order: metric labels. */
  retryTierLabels: readonly string[];
  serde: AvroSerde;
  idempotency: IdempotencyStore;
  publisher: EventPublisher;
  router: FailureRouter;
  invoke: HandlerInvoker;
  logger: Logger;
  /** How often a running handler renews its lease (and the consumer its session). */
  keepAliveMs: number;
  metrics: MessageMetrics;
}

const undecodable = (message: string, context: Record<string, unknown>): OrderflowError =>
  new OrderflowError('MESSAGE_UNDECODABLE', message, { context });

/**
 * Coordinator (larger by design): one record from bytes to durable effects. Decode at the edge, claim
 * the event in Redis, run the handler, publish its follow-ups (acks=all), mark the event done; a failure
 * goes to the group's next retry tier or its DLQ. It resolves only when the record is fully dealt with,
 * so the caller may commit its offset; it rejects (nothing may be committed) only when the failure could
 * not be routed either: Kafka or Redis is down, and the record must be read again later.
 */
export const createMessageProcessor = (options: MessageProcessorOptions) => {
  const { group, topicPrefix, serde, idempotency, publisher, router, invoke, logger, metrics } = options;

  const decode = async (record: InboundRecord, expectedTopic: string) => {
    if (record.value === null || record.value.length === 0) {
      throw undecodable('The record has no value (tombstone or empty bytes).', { topic: expectedTopic });
    }
    const decoded = await serde.decode(record.value);
    if (decoded.topic !== expectedTopic) {
      throw new OrderflowError(
        'EVENT_INVALID',
        `The record's schema belongs to ${decoded.topic ?? 'no known topic'}, not ${expectedTopic}.`,
        { context: { topic: expectedTopic, schemaId: decoded.schemaId } },
      );
    }
    return decoded.value as { eventId: string };
  };

  /** Waits out another consumer's live lease: it finishes (done) or dies (the lease expires). */
  const claim = async (eventId: string) => {
    for (;;) {
      const claimed = await idempotency.begin(group, eventId);
      if (claimed.state !== 'busy') return claimed;
      logger.debug('event leased by another consumer; waiting', { eventId, retryInMs: claimed.retryInMs });
      await delay(claimed.retryInMs);
    }
  };

  /** Runs the handler and publishes its follow-ups while holding the event's lease. */
  const runHandler = async (
    payload: { eventId: string },
    context: EventContext & { traceparent: string | undefined },
    token: string,
    heartbeat: () => Promise<void>,
  ): Promise<void> => {
    const keepAlive = setInterval(() => {
      void idempotency.extend(group, payload.eventId, token).catch(() => undefined);
      void heartbeat().catch(() => undefined);
    }, options.keepAliveMs);
    try {
      const followUps = (await invoke(context.topic, payload, context)) ?? [];
      const occurredAt = Date.now();
      const traceparent = childTraceparent(context.traceparent);
      await publisher.publish(
        followUps.map((followUp, index) => ({
          topic: followUp.topic,
          key: followUp.key,
          value: {
            ...followUp.event,
            eventId: deriveEventId(payload.eventId, group, index),
            occurredAt: followUp.occurredAt ?? occurredAt,
          } as never,
          trace: { correlationId: context.correlationId, causationId: payload.eventId, traceparent },
        })),
      );
    } finally {
      clearInterval(keepAlive);
    }
  };

  return {
    async process(record: InboundRecord, heartbeat: () => Promise<void>): Promise<ProcessOutcome> {
      const retried = options.retryTopics.has(record.physicalTopic)
        ? decodeRetryState(record.headers)
        : undefined;
      const original = retried?.original ?? {
        topic: logicalTopic(topicPrefix, record.physicalTopic) ?? record.physicalTopic,
        partition: record.partition,
        offset: record.offset,
        timestamp: record.timestamp,
      };
      const attempts = (retried?.attempts ?? 0) + 1;
      const correlationId = headerText(record.headers, HEADER.correlationId);
      const failed = { key: record.key, value: record.value, headers: record.headers, original, attempts };

      const labels = { group, topic: original.topic };

      /** Sends the record on to its next tier or the DLQ; rejects only if Kafka cannot take it. */
      const routeFailure = async (error: unknown): Promise<ProcessOutcome> => {
        metrics.failed({ ...labels, errorCode: isOrderflowError(error) ? error.code : 'UNCLASSIFIED' });
        const decision = await router.route(failed, error);
        logger.warn(decision.kind === 'retry' ? 'handler failed; retry scheduled' : 'record dead-lettered', {
          decision,
          error,
        });
        if (decision.kind === 'retry') {
          const tier = options.retryTierLabels[decision.tierIndex] ?? String(decision.tierIndex + 1);
          metrics.retried({ ...labels, tier });
        } else {
          metrics.deadLettered({ ...labels, reason: decision.reason });
        }
        return decision.kind;
      };

      /** Times the handler whatever its result: slow failures are what a duration histogram is for. */
      const timedHandler = async (...args: Parameters<typeof runHandler>): Promise<void> => {
        const started = process.hrtime.bigint();
        try {
          await runHandler(...args);
        } finally {
          metrics.handlerDuration(labels, Number(process.hrtime.bigint() - started) / 1e9);
        }
      };

      const logFields = {
        group,
        topic: original.topic,
        partition: original.partition,
        offset: original.offset,
        attempt: attempts,
        correlationId,
      };
      const outcome = await withLogContext(logFields, async (): Promise<ProcessOutcome> => {
        let payload: { eventId: string };
        try {
          payload = await decode(record, original.topic);
        } catch (error) {
          return routeFailure(error);
        }
        const context = {
          group,
          topic: original.topic as Topic,
          key: record.key?.toString('utf8') ?? '',
          eventId: payload.eventId,
          correlationId: correlationId ?? payload.eventId,
          causationId: headerText(record.headers, HEADER.causationId),
          attempt: attempts,
          partition: original.partition,
          offset: original.offset,
          timestamp: Number(original.timestamp),
          traceparent: headerText(record.headers, HEADER.traceparent),
        };
        return withLogContext({ eventId: payload.eventId, causationId: context.causationId }, async () => {
          // Redis trouble here propagates: nothing ran, so the record is read again rather than retried.
          const claimed = await claim(payload.eventId);
          if (claimed.state === 'done') return 'duplicate';
          try {
            await timedHandler(payload, context, claimed.token, heartbeat);
          } catch (error) {
            await idempotency.abandon(group, payload.eventId, claimed.token).catch(() => undefined);
            return routeFailure(error);
          }
          if (!(await idempotency.complete(group, payload.eventId, claimed.token))) {
            // Effects and follow-ups are durable; another consumer took over the expired lease and may
            // repeat them, which handlers' own idempotency and event-id deduplication downstream absorb.
            logger.warn('lease expired before completion', { eventId: payload.eventId });
          }
          return 'processed';
        });
      });
      metrics.handled({ ...labels, outcome });
      return outcome;
    },
  };
};

export type MessageProcessor = ReturnType<typeof createMessageProcessor>;
