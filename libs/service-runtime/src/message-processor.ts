import type { Topic } from '@orderflow/contracts';
import { isOrderflowError, OrderflowError } from '@orderflow/errors';
import type { IdempotencyStore } from '@orderflow/idempotency';
import {
  childTraceparent,
  deriveEventId,
  HEADER,
  logicalTopic,
  type EventPublisher,
  type KafkaRecord,
  type PublishRequest,
  type RecordPosition,
} from '@orderflow/kafka';
import { withLogContext, type Logger } from '@orderflow/logging';
import type { AvroSerde } from '@orderflow/registry';
import {
  decodeRetryState,
  headerText,
  type FailureDecision,
  type FailureRouter,
  type HoldBack,
  type HoldState,
} from '@orderflow/retry';

import { backoffDelayMs } from './backoff';
import type { EventContext } from './event-context';
import type { FailPoints } from './fail-points';
import type { FollowUp, HandlerResult } from './follow-up';
import { holdLease, unlessAborted, type LeaseHold } from './lease-hold';
import type { MessageMetrics } from './metrics/message-metrics';
import type { OutboxEncoder } from './outbox-event';

/** A record as fetched, before anything is decoded. */
export interface InboundRecord extends Omit<KafkaRecord, 'topic'> {
  /** The topic as named on the broker (with the namespace prefix). */
  physicalTopic: string;
}

/** Calls the `@EventPattern` handler of a logical topic. */
export type HandlerInvoker = (
  topic: Topic,
  payload: unknown,
  context: EventContext,
) => Promise<HandlerResult>;

export type ProcessOutcome = 'processed' | 'duplicate' | 'deferred' | 'held-back' | FailureDecision['kind'];

/**
 * A record left undone on purpose, neither routed nor committed: its partition reads it again after
 * `retryInMs`. For waits that must not happen inside a batch (KafkaJS fetches nothing for any partition
 * until every batch of a fetch settled): another consumer's lease, a registry that does not answer.
 */
export interface Deferral {
  kind: 'deferred';
  reason:
    | 'lease-busy'
    | 'lease-lost'
    | 'registry-unavailable'
    | 'schema-id-unknown'
    | 'database-unavailable'
    | 'queue-unavailable';
  retryInMs: number;
}

export type ProcessResult = Exclude<ProcessOutcome, 'deferred'> | Deferral;

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
  /** How long a handler may run (shorter than the lease): then its signal aborts and the event is retried. */
  handlerDeadlineMs: number;
  /**
   * How long decoding may wait for the registry (a schema id not cached yet): a registry that hangs must
   * not hold the batch, and with it every partition of the fetch, past the group's session.
   */
  registryTimeoutMs: number;
  /** Reads of a record with an unknown schema id before it is dead-lettered, and the wait between them. */
  unknownSchemaRetries: number;
  unknownSchemaRetryMs: number;
  /** The logical topics the group has handlers for: a retried record claiming another origin is bad input. */
  knownTopics: ReadonlySet<string>;
  /** The payload field a topic's records are keyed by (topics.yaml `key`), e.g. `orderId`. */
  recordKeyField: (topic: string) => string | undefined;
  metrics: MessageMetrics;
  /** A group with `ordering: per-key`: its hold-back marks and its retry tiers (topic, delay) in order. */
  holdBack?: { store: HoldBack; tiers: readonly { topic: string; delayMs: number }[] };
  /** Tests only: crashes and throws at exact steps (ORDERFLOW_FAILPOINTS); NO_FAIL_POINTS otherwise. */
  failPoints: FailPoints;
  /**
   * The group's handler records the event as handled (its inbox), its effects and its follow-ups (its
   * outbox, from `context.outboxEvents`) in one transaction of its own database. The runtime then takes
   * no Redis claim on the event, marks nothing done and publishes nothing: a relay publishes the outbox.
   */
  inboxOutbox?: boolean;
}

/** What an `inboxOutbox` group's handler runs under instead of a claim: no lease to renew or fence with. */
const NO_CLAIM = {
  state: 'acquired',
  token: '',
  fence: { key: '', value: '', sequence: 0 },
} as const;

// Registry and database outages are waited out with growing pauses: quick recovery from a blip, no tight
// loop otherwise.
const REGISTRY_BACKOFF = { baseMs: 500, maxMs: 15_000 };
const DATABASE_BACKOFF = { baseMs: 500, maxMs: 10_000 };
// Remembered per record while it is re-read; bounded in case records stop coming back (revoked partitions).
const MAX_TRACKED_UNKNOWN_SCHEMA_RECORDS = 10_000;

const undecodable = (message: string, context: Record<string, unknown>): OrderflowError =>
  new OrderflowError('MESSAGE_UNDECODABLE', message, { context });

/** How soon a record deferred for an unconfirmed work-queue job is read again. */
const QUEUE_UNAVAILABLE_RETRY_MS = 1_000;

const deferral = (reason: Deferral['reason'], retryInMs: number): Deferral => ({
  kind: 'deferred',
  reason,
  retryInMs,
});

export const isDeferral = (result: ProcessResult): result is Deferral => typeof result === 'object';

/**
 * A coordinator, longer than most files: one record from bytes to durable effects. Decode at the edge, claim
 * the event in Redis, run the handler, publish its follow-ups (acks=all), mark the event done; a failure
 * goes to the group's next retry tier or its DLQ. It resolves with an outcome only when the record is
 * fully dealt with, so the caller may commit its offset; with a Deferral when the record must be read again
 * later (nothing may be committed past it); it rejects (nothing may be committed) only when the failure
 * could not be routed either: Kafka or Redis is down, and the record must be read again later.
 */
export const createMessageProcessor = (options: MessageProcessorOptions) => {
  const { group, topicPrefix, serde, idempotency, publisher, router, invoke, logger, metrics } = options;
  let registryFailures = 0;
  let databaseFailures = 0;
  const unknownSchemaReads = new Map<string, number>();

  const decode = async (record: InboundRecord, expectedTopic: string) => {
    if (record.value === null || record.value.length === 0) {
      throw undecodable('The record has no value (tombstone or empty bytes).', { topic: expectedTopic });
    }
    const decoded = await withinRegistryTimeout(serde.decode(record.value));
    if (decoded.topic !== expectedTopic) {
      throw new OrderflowError(
        'EVENT_INVALID',
        `The record's schema belongs to ${decoded.topic ?? 'no known topic'}, not ${expectedTopic}.`,
        { context: { topic: expectedTopic, schemaId: decoded.schemaId } },
      );
    }
    checkRecordKey(record, expectedTopic, decoded.value as unknown as Record<string, unknown>);
    return decoded.value as { eventId: string };
  };

  const withinRegistryTimeout = async <T>(work: Promise<T>): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new OrderflowError(
              'DEPENDENCY_UNAVAILABLE',
              `The schema registry did not answer within ${options.registryTimeoutMs} ms while decoding; the record is read again later.`,
              {
                retriable: true,
                context: { dependency: 'schema registry', timeoutMs: options.registryTimeoutMs },
              },
            ),
          ),
        options.registryTimeoutMs,
      );
    });
    try {
      return await Promise.race([work, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  };

  /**
   * Batches serialise work by record key while effects are keyed by the payload's field (the orderId):
   * a record whose key is not that field would escape per-order serialisation, so it is bad input.
   */
  const checkRecordKey = (record: InboundRecord, topic: string, value: Record<string, unknown>): void => {
    const field = options.recordKeyField(topic);
    // A key field that is not a plain string of the payload (a composite window key) is not checked.
    if (field === undefined || typeof value[field] !== 'string') return;
    const key = record.key?.toString('utf8');
    if (key !== undefined && key === value[field]) return;
    throw new OrderflowError(
      'EVENT_INVALID',
      `The record's key (${key === undefined ? 'null' : JSON.stringify(key)}) is not its ${field}; ${topic} records must be keyed by ${field}.`,
      { context: { topic, field, key: key ?? null } },
    );
  };

  /**
   * What to do with a record that did not decode: a registry that does not answer is waited out (nothing
   * is routed: the record is fine and the registry will be back); an id the registry does not know is read
   * again a few times (a registry replaying its storage answers 404 for a while) before the DLQ.
   */
  const decodeFailure = (record: InboundRecord, error: unknown): Deferral | undefined => {
    if (isOrderflowError(error, 'DEPENDENCY_UNAVAILABLE')) {
      const retryInMs = backoffDelayMs(registryFailures++, REGISTRY_BACKOFF);
      logger.warn('record.deferred', { reason: 'registry-unavailable', retryInMs, error });
      return deferral('registry-unavailable', retryInMs);
    }
    if (!isOrderflowError(error, 'SCHEMA_ID_UNKNOWN')) return undefined;
    const position = `${record.physicalTopic}:${record.partition}:${record.offset}`;
    const reads = (unknownSchemaReads.get(position) ?? 0) + 1;
    if (reads > options.unknownSchemaRetries) {
      unknownSchemaReads.delete(position);
      return undefined;
    }
    if (unknownSchemaReads.size >= MAX_TRACKED_UNKNOWN_SCHEMA_RECORDS) unknownSchemaReads.clear();
    unknownSchemaReads.set(position, reads);
    logger.warn('record.deferred', {
      reason: 'schema-id-unknown',
      reads,
      retryInMs: options.unknownSchemaRetryMs,
      error,
    });
    return deferral('schema-id-unknown', options.unknownSchemaRetryMs);
  };

  /** Runs the handler and publishes its follow-ups while holding the event's lease. */
  const runHandler = async (
    payload: { eventId: string },
    context: EventContext & { traceparent: string | undefined },
    lease: LeaseHold,
  ): Promise<void> => {
    try {
      options.failPoints.reach('handler', context.key, context.attempt);
      const followUps = (await invoke(context.topic, payload, context)) ?? [];
      if (options.inboxOutbox) {
        if (followUps.length === 0) return;
        throw new OrderflowError(
          'CONFIG_INVALID',
          `The ${group} handler of ${context.topic} returned follow-ups, but its group keeps its own outbox: write them with context.outboxEvents in the handler's transaction.`,
          { context: { group, topic: context.topic } },
        );
      }
      const traceparent = childTraceparent(context.traceparent);
      const trace = { correlationId: context.correlationId, causationId: payload.eventId, traceparent };
      const request = (followUp: FollowUp, eventId: string, publishedAt: number): PublishRequest => ({
        topic: followUp.topic,
        key: followUp.key,
        value: { ...followUp.event, eventId, occurredAt: followUp.occurredAt ?? publishedAt } as never,
        trace,
      });
      const publishedAt = Date.now();
      const emitted = followUps.map((followUp, index) => ({
        followUp,
        eventId: deriveEventId(payload.eventId, group, index),
      }));

      // A handler that ignored its signal must not announce effects it could not record.
      context.signal.throwIfAborted();
      const landed = await publisher.publish(
        emitted.map(({ followUp, eventId }) => request(followUp, eventId, publishedAt)),
      );

      /** Publishes what a follow-up's recheck answers until it answers nothing (see FollowUp.recheck). */
      const republishWhileStale = async (
        published: FollowUp,
        firstEventId: string,
        position: RecordPosition,
      ): Promise<void> => {
        let [current, at] = [published, position];
        for (let round = 1; current.recheck; round += 1) {
          const newer = await current.recheck(at);
          if (newer === undefined) return;
          context.signal.throwIfAborted();
          // Derived from the first record's id: a re-run publishes the same ids, round by round.
          const [republished] = await publisher.publish([
            request(newer, deriveEventId(firstEventId, group, round), Date.now()),
          ]);
          at = republished!;
          current = newer;
        }
      };
      await Promise.all(
        emitted.map(({ followUp, eventId }, index) => republishWhileStale(followUp, eventId, landed[index]!)),
      );
    } finally {
      lease.stop();
    }
  };

  /** Encodes follow-ups as the publish path would send them: same event ids, bytes and trace headers. */
  const outboxEncoder =
    (
      inputEventId: string,
      context: { correlationId: string; traceparent: string | undefined },
    ): OutboxEncoder =>
    (followUps) => {
      const traceparent = childTraceparent(context.traceparent);
      const occurredAt = Date.now();
      return Promise.all(
        followUps.map(async (followUp, index) => {
          const eventId = deriveEventId(inputEventId, group, index);
          const value = { ...followUp.event, eventId, occurredAt: followUp.occurredAt ?? occurredAt };
          return {
            eventId,
            topic: followUp.topic,
            key: followUp.key,
            value: await serde.encode(followUp.topic, value as never),
            correlationId: context.correlationId,
            causationId: inputEventId,
            traceparent,
          };
        }),
      );
    };

  /** The record's key when its group keeps per-key order through the tiers (a null key has no order to keep). */
  const orderedKey = (record: InboundRecord) =>
    options.holdBack && record.key !== null
      ? { store: options.holdBack.store, key: record.key.toString('utf8') }
      : undefined;

  const processOne = async (
    record: InboundRecord,
    heartbeat: () => Promise<void>,
    enter: (step: string) => void,
  ): Promise<ProcessResult> => {
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
    const ordered = orderedKey(record);
    const recordId = `${original.topic}:${original.partition}:${original.offset}`;
    let hold: HoldState | undefined;

    // A retried record's origin comes from a header: only the group's own topics become metric labels.
    const knownOrigin = options.knownTopics.has(original.topic);
    const labels = { group, topic: knownOrigin ? original.topic : 'unknown' };

    /** Sends the record on to its next tier or the DLQ; rejects only if Kafka cannot take it. */
    const routeFailure = async (error: unknown): Promise<ProcessResult> => {
      enter('route to a retry tier');
      metrics.failed({ ...labels, errorCode: isOrderflowError(error) ? error.code : 'UNCLASSIFIED' });
      const decision = await router.route(
        failed,
        error,
        ordered && ((tierIndex) => ordered.store.markRetrying(ordered.key, recordId, tierIndex)),
      );
      // What waited behind a dead letter proceeds: the DLQ is an operator's decision, not a wait.
      if (ordered && decision.kind === 'dead-letter') await ordered.store.release(ordered.key, recordId);
      logger.warn(decision.kind === 'retry' ? 'record.retry-scheduled' : 'record.dead-lettered', {
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

    /** Sends the record behind the earlier record of its key it must not overtake (per-key order). */
    const holdBehind = async ({ tierIndex, behind }: { tierIndex: number; behind: string }) => {
      const tiers = options.holdBack?.tiers ?? [];
      const target = Math.min(tierIndex, tiers.length - 1);
      // Back into the tier it came from (what it waits for is not ahead of it there: not sent yet after a
      // crash, or on another partition): it looks again after the tier's delay instead of spinning.
      const delayMs = tiers[target]?.topic === record.physicalTopic ? tiers[target].delayMs : 0;
      enter('hold back');
      const result = await router.holdBack(failed, { tierIndex: target, behind, delayMs });
      if (result === 'held-back') {
        logger.debug('record.held-back', { behind, tier: options.retryTierLabels[target] });
        return result;
      }
      if (ordered) await ordered.store.release(ordered.key, recordId);
      metrics.deadLettered({ ...labels, reason: result.reason });
      return result.kind;
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
    const outcome = await withLogContext(logFields, async (): Promise<ProcessResult> => {
      if (!knownOrigin) {
        return routeFailure(
          new OrderflowError(
            'EVENT_INVALID',
            `The retried record names ${JSON.stringify(original.topic)} as its original topic, which group ${group} does not read.`,
            { context: { group, originalTopic: original.topic } },
          ),
        );
      }
      const admittedAt = Date.now();
      enter('hold-back admit');
      hold = await ordered?.store.admit(ordered.key, recordId);
      if (hold?.state === 'behind') return holdBehind(hold);
      let payload: { eventId: string };
      enter('decode');
      try {
        payload = await decode(record, original.topic);
      } catch (error) {
        return decodeFailure(record, error) ?? routeFailure(error);
      }
      registryFailures = 0;
      unknownSchemaReads.delete(`${record.physicalTopic}:${record.partition}:${record.offset}`);
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
      const { eventId } = payload;
      return withLogContext(
        { eventId, causationId: context.causationId },
        async (): Promise<ProcessResult> => {
          // Redis trouble here propagates: nothing ran, so the record is read again rather than retried.
          enter('claim');
          const claimed = options.inboxOutbox ? NO_CLAIM : await idempotency.begin(group, eventId);
          if (claimed.state === 'done') return 'duplicate';
          if (claimed.state === 'busy') {
            // Its holder finishes (done) or dies (the lease expires): either way, look again then.
            logger.debug('record.deferred', { reason: 'lease-busy', retryInMs: claimed.retryInMs });
            return deferral('lease-busy', claimed.retryInMs);
          }
          const lease = holdLease({
            // No lease without a claim: the hold still keeps the session alive and enforces the deadline.
            extend: () =>
              options.inboxOutbox ? Promise.resolve(true) : idempotency.extend(group, eventId, claimed.token),
            heartbeat,
            keepAliveMs: options.keepAliveMs,
            deadlineMs: options.handlerDeadlineMs,
            eventId,
          });
          const leased = {
            ...context,
            signal: lease.signal,
            fence: claimed.fence,
            outboxEvents: outboxEncoder(payload.eventId, context),
          };
          enter('handler');
          try {
            await unlessAborted(timedHandler(payload, leased, lease), lease.signal);
          } catch (error) {
            lease.stop();
            if (lease.lost || isOrderflowError(error, 'LEASE_LOST')) {
              // Whoever holds the event now records its effects; the next read finds it done or free.
              logger.warn('record.deferred', { reason: 'lease-lost', error });
              return deferral('lease-lost', options.keepAliveMs);
            }
            if (!options.inboxOutbox) {
              await idempotency.abandon(group, eventId, claimed.token).catch(() => undefined);
            }
            if (isOrderflowError(error, 'DATABASE_UNAVAILABLE')) {
              // The service's own database is down: every record would fail alike and run through the
              // tiers into the DLQ. The record stays unacknowledged and is read again once it may be back.
              const retryInMs = backoffDelayMs(databaseFailures++, DATABASE_BACKOFF);
              logger.warn('record.deferred', { reason: 'database-unavailable', retryInMs, error });
              return deferral('database-unavailable', retryInMs);
            }
            if (isOrderflowError(error, 'QUEUE_UNAVAILABLE')) {
              // The work queue did not confirm the job the handler hands off: the record is fine and the
              // broker will be back, so it waits on its partition (nothing committed past it) instead of
              // spending retry tiers and landing in the DLQ during an outage.
              logger.warn('record.deferred', { reason: 'queue-unavailable', error });
              return deferral('queue-unavailable', QUEUE_UNAVAILABLE_RETRY_MS);
            }
            return routeFailure(error);
          }
          databaseFailures = 0;
          options.failPoints.reach('after-publish', context.key, attempts);
          if (options.inboxOutbox) return 'processed';
          enter('complete');
          if (!(await idempotency.complete(group, eventId, claimed.token))) {
            // The lease expired before it could become a done marker: effects were recorded under it, but
            // "processed" is not known. The next read finds the event done (another holder finished) or
            // free, and then the effect stores answer with what was recorded.
            logger.warn('record.deferred', { reason: 'lease-expired-before-completion' });
            return deferral('lease-lost', options.keepAliveMs);
          }
          // When it was let in and (the line's time) done: chaos case 12 orders each key's records by these.
          logger.debug('record.processed', { key: context.key, admittedAt, from: record.physicalTopic });
          return 'processed';
        },
      );
    });
    if (ordered && hold?.state === 'first' && (outcome === 'processed' || outcome === 'duplicate')) {
      enter('hold-back release');
      await ordered.store.release(ordered.key, recordId);
    }
    metrics.handled({ ...labels, outcome: isDeferral(outcome) ? 'deferred' : outcome });
    return outcome;
  };

  /** Records being processed and the step each is in: what a stalled batch waits on. */
  const steps = new Map<string, RecordInProgress>();

  return {
    /** The records in process now, each with its current step and since when. */
    inProgress: (): RecordInProgress[] => [...steps.values()],

    async process(record: InboundRecord, heartbeat: () => Promise<void>): Promise<ProcessResult> {
      const id = `${record.physicalTopic}:${record.partition}:${record.offset}`;
      const tracked: RecordInProgress = {
        topic: record.physicalTopic,
        partition: record.partition,
        offset: record.offset,
        step: 'start',
        since: Date.now(),
      };
      steps.set(id, tracked);
      try {
        return await processOne(record, heartbeat, (step) => {
          tracked.step = step;
          tracked.since = Date.now();
        });
      } finally {
        steps.delete(id);
      }
    },
  };
};

/** A record in the processor: the step it is in (see the `enter` calls) and when it entered it. */
export interface RecordInProgress {
  topic: string;
  partition: number;
  offset: string;
  step: string;
  since: number;
}

export type MessageProcessor = ReturnType<typeof createMessageProcessor>;
