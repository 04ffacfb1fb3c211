import type { Kafka } from 'kafkajs';

import { createReliableProducer } from '@orderflow/kafka';

import type { RateLimiter } from './rate-limiter';
import type { RedriveStep } from './redrive.planner';

export interface ExecuteRedriveOptions {
  kafka: Kafka;
  steps: readonly RedriveStep[];
  limiter: RateLimiter;
  onProgress?: (sent: number, of: number) => void;
  progressEvery?: number;
}

export interface RedriveTotals {
  sent: number;
  refused: number;
}

/**
 * Sends each `send` step to its original topic, one acknowledged record at a time at the limiter's pace.
 * Nothing is deleted or committed: the DLQ stays the audit log of what failed and what was redriven.
 */
export const executeRedrive = async ({
  kafka,
  steps,
  limiter,
  onProgress,
  progressEvery = 100,
}: ExecuteRedriveOptions): Promise<RedriveTotals> => {
  const sends = steps.filter((step) => step.kind === 'send');
  const producer = createReliableProducer({ kafka });
  let sent = 0;
  try {
    for (const step of sends) {
      await limiter.acquire();
      await producer.send([
        { topic: step.topic, key: step.record.key, value: step.record.value, headers: step.headers },
      ]);
      sent += 1;
      if (sent % progressEvery === 0) onProgress?.(sent, sends.length);
    }
  } finally {
    await producer.disconnect();
  }
  return { sent, refused: steps.length - sends.length };
};
