import { setTimeout as delay } from 'node:timers/promises';

import { connect, type ConfirmChannel, type GetMessage } from 'amqplib';

import type { WorkQueue } from './queue-topology';

/** A job as it sits in a queue: id, headers (attempts, error, reason) and body, without taking it. */
export interface QueuedJob {
  messageId: string | undefined;
  correlationId: string | undefined;
  headers: Record<string, unknown>;
  body: string;
}

const asJob = (message: GetMessage): QueuedJob => ({
  messageId: message.properties.messageId as string | undefined,
  correlationId: message.properties.correlationId as string | undefined,
  headers: { ...(message.properties.headers ?? {}) },
  body: message.content.toString('utf8'),
});

const withChannel = async <T>(url: string, run: (channel: ConfirmChannel) => Promise<T>): Promise<T> => {
  const connection = await connect(url, { timeout: 10_000 });
  connection.on('error', () => undefined);
  try {
    return await run(await connection.createConfirmChannel());
  } finally {
    await connection.close().catch(() => undefined);
  }
};

/**
 * Up to `limit` jobs from the head of a queue, left in it: taken unacknowledged on one channel, so none is
 * handed out twice, and all returned to the queue when the connection closes.
 */
export const peekJobs = (url: string, queue: string, limit: number): Promise<QueuedJob[]> =>
  withChannel(url, async (channel) => {
    const jobs: QueuedJob[] = [];
    while (jobs.length < limit) {
      const message = await channel.get(queue, { noAck: false });
      if (message === false) break;
      jobs.push(asJob(message));
    }
    return jobs;
  });

export interface RedriveOptions {
  url: string;
  queue: WorkQueue;
  /** At most this many jobs; the DLQ's depth at the start by default. */
  limit?: number;
  /** Jobs per second, so a redrive does not bury the workers (and the gateway behind them). */
  ratePerSecond: number;
  onProgress?: (moved: number, total: number) => void;
}

/**
 * Moves jobs from the DLQ back to the work queue, one at a time: the copy is published (attempts reset,
 * the dead-letter headers dropped) and confirmed before the DLQ's message is acked, so a crash in between
 * leaves a duplicate (which the worker's messageId check absorbs), never a loss.
 */
export const redriveJobs = ({
  url,
  queue,
  limit,
  ratePerSecond,
  onProgress,
}: RedriveOptions): Promise<number> =>
  withChannel(url, async (channel) => {
    const depth = (await channel.checkQueue(queue.dlq)).messageCount;
    const total = Math.min(limit ?? depth, depth);
    const gapMs = 1_000 / ratePerSecond;
    let moved = 0;
    while (moved < total) {
      const message = await channel.get(queue.dlq, { noAck: false });
      if (message === false) break;
      const { headers = {}, ...properties } = message.properties;
      const kept = Object.fromEntries(Object.entries(headers).filter(([name]) => !name.startsWith('x-')));
      await new Promise<void>((resolve, reject) => {
        channel.publish(
          queue.exchange,
          queue.routingKey,
          message.content,
          { ...properties, headers: kept, persistent: true },
          (error: unknown) =>
            error
              ? reject(error instanceof Error ? error : new Error('RabbitMQ refused the redriven job'))
              : resolve(),
        );
      });
      channel.ack(message);
      moved++;
      onProgress?.(moved, total);
      if (moved < total) await delay(gapMs);
    }
    return moved;
  });
