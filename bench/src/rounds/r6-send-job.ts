import { setTimeout as delay } from 'node:timers/promises';

import type { OrderCreated } from '@orderflow/contracts';

import type { JobLedger } from '../job-ledger';

/** A notification gateway's answer time: the send job both brokers carry waits this and does nothing else. */
export const SEND_MS = 5;
/** The one gateway call that hangs, in the slow-job phase. */
export const SLOW_SEND_MS = 2_000;

/** One way to hand send jobs to workers: a RabbitMQ work queue or a Kafka topic and its consumer group. */
export interface JobBroker {
  /** Starts its row names, e.g. `RabbitMQ queue`. */
  label: string;
  /** Resolves once the broker holds the job durably (publisher confirm, acks=all). The job id is `orderId`. */
  enqueue(order: OrderCreated): Promise<void>;
  /** A burst, handed over the way that broker's client takes many at once. */
  enqueueAll(orders: OrderCreated[]): Promise<void>;
  close(): Promise<void>;
}

export interface SendJobs {
  /** What each broker's handler calls with the job's id. */
  handle(jobId: string): Promise<void>;
  /** Records the jobs to come in `ledger`; `slowJobId`, when given, takes SLOW_SEND_MS instead of SEND_MS. */
  track(ledger: JobLedger, slowJobId?: string): void;
}

/** The send job itself, shared by both brokers so that they differ only in how the job reaches it. */
export const createSendJobs = (): SendJobs => {
  let ledger: JobLedger | undefined;
  let slowJobId: string | undefined;
  return {
    async handle(jobId) {
      await delay(jobId === slowJobId ? SLOW_SEND_MS : SEND_MS);
      ledger?.done(jobId, performance.now());
    },
    track(next, slow) {
      ledger = next;
      slowJobId = slow;
    },
  };
};
