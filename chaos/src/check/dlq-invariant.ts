import { namespaceGroups } from '../observe/group-offsets';
import type { Evidence } from './evidence';
import { verdict, violations, type InvariantResult } from './invariant.types';

/**
 * I6: each group's DLQ holds exactly the bad records the case injected (`expectedPoison`: event ids or
 * record keys), each once; a good record dead-lettered is a violation, as is an injected one missing.
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
  for (const identity of expectedPoison) {
    if (!everSeen.has(identity)) found.add('injectedNotDeadLettered', { identity });
  }
  return verdict('I6', 'DLQs hold exactly the injected bad records', found, {
    deadLettered,
    injected: expectedPoison.size,
  });
};
