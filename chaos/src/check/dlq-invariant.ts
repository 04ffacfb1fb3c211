import { JOB_HEADERS } from '@orderflow/rabbitmq';

import { namespaceGroups } from '../observe/group-offsets';
import type { Evidence } from './evidence';
import { verdict, violations, type InvariantResult } from './invariant.types';

/** The order a dead-lettered job is about, when its body still says (a job is JSON with its request). */
const jobOrderId = (body: string): string | undefined => {
  try {
    const orderId = (JSON.parse(body) as { request?: { orderId?: unknown } }).request?.orderId;
    return typeof orderId === 'string' ? orderId : undefined;
  } catch {
    return undefined;
  }
};

/**
 * I6: each group's DLQ holds exactly the bad records the case injected (`expectedPoison`: event ids or
 * record keys), each once; a good record dead-lettered is a violation, as is an injected one missing. The
 * work queues' DLQs count too: no case injects a bad job, so every job there not about an injected record
 * is a good one given up on.
 */
export const checkDeadLetters = (
  evidence: Evidence,
  expectedPoison: ReadonlySet<string> = new Set(),
): InvariantResult => {
  const found = violations();
  let deadLettered = 0;
  const everSeen = new Set<string>();
  for (const group of namespaceGroups('')) {
    const seen = new Map<string, number>();
    for (const record of evidence.records.get(group.dlqTopic) ?? []) {
      deadLettered += 1;
      const identity = record.eventId ?? record.key;
      seen.set(identity, (seen.get(identity) ?? 0) + 1);
      everSeen.add(identity).add(record.key);
      if (!expectedPoison.has(identity) && !expectedPoison.has(record.key)) {
        found.add('goodRecordDeadLettered', {
          group: group.name,
          orderId: record.orderId,
          eventId: record.eventId,
          originalTopic: record.headers['orderflow-original-topic'],
          reason: record.headers['orderflow-dlq-reason'],
          code: record.headers['orderflow-error-code'],
          error: record.headers['orderflow-error-message'],
        });
      }
    }
    for (const [identity, copies] of seen) {
      if (copies > 1) found.add('deadLetteredTwice', { group: group.name, identity, copies });
    }
  }
  for (const [queue, jobs] of evidence.deadLetteredJobs) {
    for (const job of jobs) {
      deadLettered += 1;
      const orderId = jobOrderId(job.body);
      // An injected record that decodes as an order's event may be notified on; its order is unknown to
      // the order service, whose refusal dead-letters the job: that job is the poison's, not a good one.
      if (orderId !== undefined && expectedPoison.has(orderId)) continue;
      found.add('goodJobDeadLettered', {
        queue,
        messageId: job.messageId,
        orderId,
        reason: job.headers[JOB_HEADERS.reason],
        code: job.headers[JOB_HEADERS.errorCode],
        error: job.headers[JOB_HEADERS.errorMessage],
      });
    }
  }
  for (const identity of expectedPoison) {
    if (!everSeen.has(identity)) found.add('injectedNotDeadLettered', { identity });
  }
  return verdict('I6', 'DLQs hold exactly the injected bad records', found, {
    deadLettered,
    injected: expectedPoison.size,
  });
};
