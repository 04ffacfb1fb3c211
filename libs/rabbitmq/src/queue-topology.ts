import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse } from 'yaml';
import { z } from 'zod';

import { projectPaths } from '@orderflow/config';
import { OrderflowError } from '@orderflow/errors';

const DURATION = /^(\d+)(ms|s|m)$/;
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000 } as const;

const durationMs = (text: string): number => {
  const [, amount, unit] = DURATION.exec(text) ?? [];
  return Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
};

const fileSchema = z.object({
  'work-queues': z.record(
    z.string().regex(/^[a-z][a-z0-9.-]*$/),
    z.object({
      exchange: z.string().regex(/^[a-z][a-z0-9.-]*$/),
      'routing-key': z.string().min(1),
      retry: z.array(z.string().regex(DURATION, 'expected e.g. 500ms, 1s, 5m')).min(1),
      'delivery-limit': z.number().int().positive(),
    }),
  ),
});

export interface DelayTier {
  queue: string;
  delayMs: number;
  label: string;
}

/** One work queue with everything derived from it, names already prefixed. */
export interface WorkQueue {
  name: string;
  exchange: string;
  routingKey: string;
  tiers: DelayTier[];
  dlq: string;
  deliveryLimit: number;
}

export type QueueTopology = Record<string, WorkQueue>;

/**
 * Reads queues.yaml. `prefix` namespaces every exchange and queue (tests run side by side on one broker,
 * like topic prefixes on Kafka).
 */
export const loadQueueTopology = (
  prefix = '',
  file = join(projectPaths().root, 'queues.yaml'),
): QueueTopology => {
  const parsed = fileSchema.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new OrderflowError('TOPICS_FILE_INVALID', `${file} is invalid: ${parsed.error.message}`, {
      context: { file },
    });
  }
  return Object.fromEntries(
    Object.entries(parsed.data['work-queues']).map(([name, spec]) => {
      const queue = `${prefix}${name}`;
      const workQueue: WorkQueue = {
        name: queue,
        exchange: `${prefix}${spec.exchange}`,
        routingKey: spec['routing-key'],
        tiers: spec.retry.map((label) => ({
          queue: `${queue}.retry-${label}`,
          delayMs: durationMs(label),
          label,
        })),
        dlq: `${queue}.dlq`,
        deliveryLimit: spec['delivery-limit'],
      };
      return [name, workQueue];
    }),
  );
};

/** The queue declarations a work queue stands for, in the order they are declared. */
export const queueDeclarations = (
  queue: WorkQueue,
): { name: string; arguments: Record<string, unknown> }[] => [
  { name: queue.dlq, arguments: { 'x-queue-type': 'quorum' } },
  {
    name: queue.name,
    arguments: {
      'x-queue-type': 'quorum',
      'x-delivery-limit': queue.deliveryLimit,
      // Past the delivery limit RabbitMQ moves the job to the DLQ itself (through the default exchange).
      'x-dead-letter-exchange': '',
      'x-dead-letter-routing-key': queue.dlq,
    },
  },
  ...queue.tiers.map((tier) => ({
    name: tier.queue,
    arguments: {
      'x-queue-type': 'quorum',
      'x-message-ttl': tier.delayMs,
      'x-dead-letter-exchange': queue.exchange,
      'x-dead-letter-routing-key': queue.routingKey,
    },
  })),
];
