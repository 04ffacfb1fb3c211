import type { Evidence, LogRecord } from './evidence';

/** The terminal state the log implies for an order. */
export type DerivedStatus = 'CONFIRMED' | 'REJECTED' | 'PAYMENT_FAILED' | 'CONFLICT' | 'UNFINISHED';

/** What the log holds for one order: the first copy of each follow-up and how many distinct event ids. */
export interface OrderFacts {
  orderId: string;
  /** First copy per event topic. */
  first: Map<string, LogRecord>;
  /** Distinct event ids per event topic. */
  eventIds: Map<string, Set<string>>;
  status: DerivedStatus;
}

const has = (facts: Omit<OrderFacts, 'status'>, topic: string): boolean => facts.first.has(topic);

const derive = (facts: Omit<OrderFacts, 'status'>): DerivedStatus => {
  const reserved = has(facts, 'inventory.reserved');
  const rejected = has(facts, 'inventory.rejected');
  const completed = has(facts, 'payment.completed');
  const failed = has(facts, 'payment.failed');
  if (reserved && rejected) return 'CONFLICT';
  if (rejected) return completed || failed ? 'CONFLICT' : 'REJECTED';
  if (!reserved) return completed || failed ? 'CONFLICT' : 'UNFINISHED';
  if (completed && failed) return 'CONFLICT';
  if (completed) return 'CONFIRMED';
  return failed ? 'PAYMENT_FAILED' : 'UNFINISHED';
};

/** Groups the event topics' records by order: the basis of I3, I4 and I5. */
export const orderFacts = (evidence: Evidence, topics: readonly string[]): Map<string, OrderFacts> => {
  const byOrder = new Map<string, Omit<OrderFacts, 'status'>>();
  for (const topic of topics) {
    for (const record of evidence.records.get(topic) ?? []) {
      if (record.orderId === undefined || record.eventId === undefined) continue;
      const facts: Omit<OrderFacts, 'status'> = byOrder.get(record.orderId) ?? {
        orderId: record.orderId,
        first: new Map(),
        eventIds: new Map(),
      };
      byOrder.set(record.orderId, facts);
      const earlier = facts.first.get(topic);
      if (earlier === undefined || record.timestamp < earlier.timestamp) facts.first.set(topic, record);
      facts.eventIds.set(topic, (facts.eventIds.get(topic) ?? new Set()).add(record.eventId));
    }
  }
  return new Map([...byOrder].map(([orderId, facts]) => [orderId, { ...facts, status: derive(facts) }]));
};
