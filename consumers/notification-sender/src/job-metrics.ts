import { collectDefaultMetrics, Counter, Registry } from 'prom-client';

import type { JobDisposition } from '@orderflow/rabbitmq';

export interface JobMetrics {
  registry: Registry;
  outcome(queue: string, outcome: JobDisposition): void;
}

/** The worker's /metrics: jobs by outcome beside the process metrics every service exports. */
export const createJobMetrics = (): JobMetrics => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const jobs = new Counter({
    name: 'orderflow_jobs_handled_total',
    help: 'Work-queue jobs dealt with, by outcome: done (acked), delayed (to a delay tier) or dead-lettered.',
    labelNames: ['queue', 'outcome'] as const,
    registers: [registry],
  });
  return { registry, outcome: (queue, outcome) => jobs.inc({ queue, outcome }) };
};
