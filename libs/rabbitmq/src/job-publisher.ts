import { setTimeout as delay } from 'node:timers/promises';

import { OrderflowError } from '@orderflow/errors';

import { createAmqpConnection, type AmqpConnectionManager } from './amqp-connection';
import { openGuardedChannel } from './guarded-channel';
import { JOB_HEADERS, type Job } from './job-message';
import type { WorkQueue } from './queue-topology';

// Between attempts of an unconfirmed publish: the reconnect (1 s) usually decides the next one.
const RETRY_GAP_MS = 250;

export interface JobPublisher {
  /**
   * Resolves once the broker confirmed the persistent job (written to the quorum queue's majority);
   * rejects with a retriable QUEUE_UNAVAILABLE when no confirm came within the timeout.
   */
  publish(queue: WorkQueue, job: Job): Promise<void>;
  /** Straight to a named queue (a delay tier, the DLQ, a redrive), the job's headers as given. */
  sendToQueue(queue: string, content: Buffer, options: PublishOptions): Promise<void>;
  close(): Promise<void>;
}

export interface PublishOptions {
  messageId?: string;
  correlationId?: string;
  headers: Record<string, unknown>;
}

export interface JobPublisherOptions {
  url: string;
  name: string;
  /** How long a publish may wait for its confirm (the broker down or restarting included). */
  confirmTimeoutMs?: number;
  /** An existing connection to share (a worker publishing retries on the connection it consumes on). */
  connection?: AmqpConnectionManager;
}

export const createJobPublisher = ({
  url,
  name,
  confirmTimeoutMs = 10_000,
  connection: shared,
}: JobPublisherOptions): JobPublisher => {
  const connection = shared ?? createAmqpConnection(url, name);
  const guarded = openGuardedChannel(connection, `${name}-publisher`);
  const channel = guarded.wrapper;
  /**
   * A publish the broker did not confirm (its channel closed in a restart: outcome unknown) is sent again
   * until the deadline: a copy that did land is a duplicate the workers absorb by messageId, a loss is not.
   */
  const send = async (exchange: string, routingKey: string, content: Buffer, options: PublishOptions) => {
    const deadline = Date.now() + confirmTimeoutMs;
    for (let attempt = 1; ; attempt++) {
      try {
        await channel.publish(exchange, routingKey, content, {
          ...options,
          persistent: true,
          contentType: 'application/json',
          timeout: Math.max(1, deadline - Date.now()),
        });
        return;
      } catch (error) {
        if (Date.now() + RETRY_GAP_MS < deadline) {
          await delay(RETRY_GAP_MS);
          continue;
        }
        throw new OrderflowError(
          'QUEUE_UNAVAILABLE',
          `RabbitMQ did not confirm a job for ${exchange || routingKey} in ${confirmTimeoutMs} ms ` +
            `(${attempt} attempt(s); last: ${error instanceof Error ? error.message : String(error)}).`,
          { retriable: true, cause: error, context: { exchange, routingKey, messageId: options.messageId } },
        );
      }
    }
  };
  return {
    publish: (queue, job) =>
      send(queue.exchange, queue.routingKey, Buffer.from(JSON.stringify(job.body)), {
        messageId: job.messageId,
        correlationId: job.correlationId,
        headers: job.traceparent === undefined ? {} : { [JOB_HEADERS.traceparent]: job.traceparent },
      }),
    sendToQueue: (queue, content, options) => send('', queue, content, options),
    close: async () => {
      await guarded.close();
      if (shared === undefined) await connection.close();
    },
  };
};
