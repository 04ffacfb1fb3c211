import type { ConsumeMessage } from 'amqplib';

import { isOrderflowError, OrderflowError } from '@orderflow/errors';

import { pollUntil } from '@orderflow/wait';

import type { AmqpConnectionManager } from './amqp-connection';
import { openGuardedChannel } from './guarded-channel';
import { JOB_HEADERS } from './job-message';
import type { WorkQueue } from './queue-topology';

/** A delivered job as the handler sees it. */
export interface ReceivedJob {
  messageId: string;
  correlationId: string;
  traceparent: string | undefined;
  body: unknown;
  /** Failed attempts before this one (0 on the first delivery, counted across delay tiers). */
  attempts: number;
  /** The broker delivered it before (a worker died or its channel closed before the ack). */
  redelivered: boolean;
}

export type JobDisposition = 'done' | 'delayed' | 'dead-lettered';

export interface JobWorkerEvents {
  onOutcome?(
    job: Pick<ReceivedJob, 'messageId' | 'correlationId' | 'attempts'>,
    outcome: JobDisposition,
    error?: unknown,
  ): void;
}

export interface JobWorkerOptions extends JobWorkerEvents {
  connection: AmqpConnectionManager;
  queue: WorkQueue;
  /** Unacknowledged jobs this worker holds at most: the bound on its in-flight work. */
  prefetch: number;
  handle(job: ReceivedJob): Promise<void>;
  /** How long a retry or dead-letter copy may wait for its confirm before the job is left to redelivery. */
  confirmTimeoutMs?: number;
}

export interface JobWorker {
  /** Resolves once the consumer is registered with the broker. */
  started: Promise<void>;
  inFlight(): number;
  /** Stops taking jobs; the ones in flight finish (and are acked) first. */
  close(): Promise<void>;
}

const header = (message: ConsumeMessage, name: string): unknown => message.properties.headers?.[name];

const attemptsOf = (message: ConsumeMessage): number => {
  const value = Number(header(message, JOB_HEADERS.attempts) ?? 0);
  return Number.isInteger(value) && value >= 0 ? value : 0;
};

const describe = (error: unknown): { code: string; message: string; retriable: boolean } =>
  isOrderflowError(error)
    ? { code: error.code, message: error.message, retriable: error.retriable }
    : // A plain Error is a failure nobody classified: retried, as in the Kafka runtime.
      {
        code: 'UNCLASSIFIED',
        message: error instanceof Error ? error.message : String(error),
        retriable: true,
      };

/**
 * Competing consumer of one work queue with manual acknowledgement and a bounded prefetch. A job is acked
 * only after its handler resolved, or after its copy reached the next delay tier or the DLQ (confirmed):
 * a crash anywhere before the ack means redelivery, never a lost job.
 */
export const createJobWorker = (options: JobWorkerOptions): JobWorker => {
  const { queue, prefetch, confirmTimeoutMs = 10_000 } = options;
  let inFlight = 0;
  const guarded = openGuardedChannel(options.connection, `${queue.name}-worker`);
  const channel = guarded.wrapper;

  const forward = async (message: ConsumeMessage, target: string, headers: Record<string, unknown>) => {
    await channel.sendToQueue(target, message.content, {
      ...message.properties,
      headers: { ...message.properties.headers, ...headers },
      persistent: true,
      timeout: confirmTimeoutMs,
    });
  };

  const fail = async (message: ConsumeMessage, job: ReceivedJob | undefined, error: unknown) => {
    const attempts = attemptsOf(message) + 1;
    const failure = describe(error);
    const tier = failure.retriable ? queue.tiers[attempts - 1] : undefined;
    const common = {
      [JOB_HEADERS.attempts]: attempts,
      [JOB_HEADERS.errorCode]: failure.code,
      [JOB_HEADERS.errorMessage]: failure.message.slice(0, 1_000),
    };
    if (tier !== undefined) {
      await forward(message, tier.queue, common);
    } else {
      await forward(message, queue.dlq, {
        ...common,
        [JOB_HEADERS.reason]: failure.retriable ? 'retries-exhausted' : 'non-retriable',
        [JOB_HEADERS.deadAt]: new Date().toISOString(),
      });
    }
    const identity = {
      messageId: job?.messageId ?? String(message.properties.messageId),
      correlationId: job?.correlationId ?? String(message.properties.correlationId),
      attempts,
    };
    options.onOutcome?.(identity, tier === undefined ? 'dead-lettered' : 'delayed', error);
  };

  const onMessage = async (message: ConsumeMessage) => {
    inFlight++;
    // On a channel opened since this delivery, its tag means another delivery or none: the broker
    // requeued this one when its channel closed, and the copy is handled (idempotently) again.
    const deliveredOn = guarded.generation();
    const ack = () => {
      if (guarded.generation() === deliveredOn) channel.ack(message);
    };
    let job: ReceivedJob | undefined;
    try {
      try {
        job = {
          messageId: String(message.properties.messageId ?? ''),
          correlationId: String(message.properties.correlationId ?? ''),
          traceparent: header(message, JOB_HEADERS.traceparent) as string | undefined,
          body: JSON.parse(message.content.toString('utf8')) as unknown,
          attempts: attemptsOf(message),
          redelivered: message.fields.redelivered,
        };
        if (job.messageId === '') {
          throw new OrderflowError('EVENT_INVALID', 'A job without messageId cannot be deduplicated.');
        }
      } catch (error) {
        throw new OrderflowError(
          'MESSAGE_UNDECODABLE',
          `Job is not a JSON message with an id: ${String(error)}`,
          {
            cause: error,
          },
        );
      }
      await options.handle(job);
      ack();
      options.onOutcome?.(job, 'done');
    } catch (error) {
      try {
        await fail(message, job, error);
        ack();
      } catch {
        // Neither processed nor moved on (the broker went away): the broker redelivers it once the
        // channel is gone; nacking on a channel that may be closed would only throw again.
        try {
          if (guarded.generation() === deliveredOn) channel.nack(message, false, true);
        } catch {
          // The channel is closed already: the broker requeued the job when it closed.
        }
      }
    } finally {
      inFlight--;
    }
  };

  let consumerTag: string | undefined;
  const started = channel
    .consume(queue.name, (message) => void onMessage(message), { noAck: false, prefetch })
    .then((reply) => {
      consumerTag = reply.consumerTag;
    });
  return {
    started,
    inFlight: () => inFlight,
    close: async () => {
      if (consumerTag !== undefined) await channel.cancel(consumerTag).catch(() => undefined);
      // Jobs under way get their ack on this channel; closing it first would redeliver them.
      await pollUntil(() => Promise.resolve(inFlight === 0 ? true : undefined), {
        description: `${inFlight} job(s) of ${queue.name} to finish`,
        timeoutMs: 30_000,
        intervalMs: 50,
      }).catch(() => undefined);
      await guarded.close();
    },
  };
};
