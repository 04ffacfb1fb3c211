import type { QueuedJob } from '@orderflow/rabbitmq';

import { checkDeadLetters } from './dlq-invariant';
import type { Evidence } from './evidence';

const job = (orderId: string): QueuedJob => ({
  messageId: `${orderId}:ORDER_CONFIRMED`,
  correlationId: undefined,
  headers: { 'x-orderflow-dead-letter-reason': 'retries-exhausted' },
  body: JSON.stringify({ request: { orderId, kind: 'ORDER_CONFIRMED' }, sourceEventId: 'e1' }),
});

/** Evidence with empty Kafka DLQs and the given work-queue DLQs. */
const evidenceWith = (deadLetteredJobs: Evidence['deadLetteredJobs']): Evidence => ({
  records: new Map(),
  views: new Map(),
  stock: {},
  reservations: new Map(),
  analyticsTotals: {},
  sink: [],
  charges: [],
  deadLetteredJobs,
});

describe('checkDeadLetters', () => {
  // Chaos case 3 once passed I6 with 43 notification jobs in RabbitMQ's DLQ: only Kafka's were read.
  it('fails a good order’s job in a work queue’s DLQ', () => {
    const result = checkDeadLetters(evidenceWith(new Map([['notification.send', [job('o1')]]])));

    expect(result).toMatchObject({ pass: false, counts: { deadLettered: 1, goodJobDeadLettered: 1 } });
    expect(result.examples).toEqual([
      expect.objectContaining({ queue: 'notification.send', orderId: 'o1', reason: 'retries-exhausted' }),
    ]);
  });

  it('passes a job about an injected record, which the order service refuses as unknown', () => {
    const result = checkDeadLetters(
      evidenceWith(new Map([['notification.send', [job('poison-1')]]])),
      new Set(['poison-1']),
    );

    expect(result).toMatchObject({ counts: { deadLettered: 1 } });
    expect(result.counts.goodJobDeadLettered).toBeUndefined();
  });

  it('passes empty DLQs', () => {
    expect(checkDeadLetters(evidenceWith(new Map([['notification.send', []]])))).toMatchObject({
      pass: true,
      counts: { deadLettered: 0 },
    });
  });
});
