import { Counter, Histogram, type Registry } from 'prom-client';

import type { ProcessOutcome } from '../message-processor';

interface RecordLabels {
  group: string;
  /** The logical topic the record was first published to (a retried record keeps its original topic). */
  topic: string;
}

/** What the message processor reports about each record; a fake in unit tests, prom-client in services. */
export interface MessageMetrics {
  handled(labels: RecordLabels & { outcome: ProcessOutcome }): void;
  failed(labels: RecordLabels & { errorCode: string }): void;
  /** `tier` is the delay as written in topics.yaml, e.g. `10s`: the suffix of the tier's topic. */
  retried(labels: RecordLabels & { tier: string }): void;
  deadLettered(labels: RecordLabels & { reason: string }): void;
  handlerDuration(labels: RecordLabels, seconds: number): void;
}

// Handlers publish with acks=all, so a few milliseconds is the floor; retry tiers start at seconds.
const HANDLER_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Registers the consumer-side metrics on a service's own registry. */
export const createMessageMetrics = ({ registry }: { registry: Registry }): MessageMetrics => {
  const registers = [registry];
  const handled = new Counter({
    name: 'orderflow_messages_handled_total',
    help: 'Records dealt with, by outcome: processed, duplicate (already done), retry or dead-letter.',
    labelNames: ['group', 'topic', 'outcome'] as const,
    registers,
  });
  const failed = new Counter({
    name: 'orderflow_messages_failed_total',
    help: 'Records whose decoding or handler failed, by OrderflowError code (UNCLASSIFIED for others).',
    labelNames: ['group', 'topic', 'error_code'] as const,
    registers,
  });
  const retried = new Counter({
    name: 'orderflow_messages_retried_total',
    help: 'Failed records sent to a retry tier of the group, by tier delay.',
    labelNames: ['group', 'topic', 'tier'] as const,
    registers,
  });
  const deadLettered = new Counter({
    name: 'orderflow_messages_dead_lettered_total',
    help: "Records sent to the group's DLQ, by reason (non-retriable, retries-exhausted).",
    labelNames: ['group', 'topic', 'reason'] as const,
    registers,
  });
  const duration = new Histogram({
    name: 'orderflow_handler_duration_seconds',
    help: 'Time a handler took, follow-up publishing included, whether it succeeded or failed.',
    labelNames: ['group', 'topic'] as const,
    buckets: HANDLER_BUCKETS_SECONDS,
    registers,
  });
  return {
    handled: ({ group, topic, outcome }) => handled.inc({ group, topic, outcome }),
    failed: ({ group, topic, errorCode }) => failed.inc({ group, topic, error_code: errorCode }),
    retried: ({ group, topic, tier }) => retried.inc({ group, topic, tier }),
    deadLettered: ({ group, topic, reason }) => deadLettered.inc({ group, topic, reason }),
    handlerDuration: ({ group, topic }, seconds) => duration.observe({ group, topic }, seconds),
  };
};
