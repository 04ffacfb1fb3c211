import type { Ledger } from '../load/ledger';
import type { Evidence } from './evidence';
import { verdict, violations, type InvariantResult } from './invariant.types';
import type { OrderFacts } from './order-facts';

// A confirmed order ends at DELIVERY_STARTED: notification marks it over gRPC once the customer was told,
// so a view still at CONFIRMED is not final yet.
const FINAL = new Set(['DELIVERY_STARTED', 'REJECTED', 'PAYMENT_FAILED']);
const DERIVED_FINAL = new Set(['CONFIRMED', 'REJECTED', 'PAYMENT_FAILED']);
/** The log's outcome a final view stands for. */
const outcomeOfView = (status: string): string => (status === 'DELIVERY_STARTED' ? 'CONFIRMED' : status);

const keyOfCorrelation = (ledger: Ledger): Map<string, string> =>
  new Map(ledger.attempts.map((attempt) => [attempt.correlationId, attempt.key]));

/** I1: every order the client got a 2xx for is on order.created, with exactly one event id. */
export const checkAccepted = (ledger: Ledger, facts: Map<string, OrderFacts>): InvariantResult => {
  const found = violations();
  const accepted = ledger.outcomes.filter((outcome) => outcome.outcome === 'accepted');
  for (const { key, orderId } of accepted) {
    const ids = orderId === undefined ? undefined : facts.get(orderId)?.eventIds.get('order.created');
    if (ids === undefined || ids.size === 0) found.add('missing', { key, orderId });
    else if (ids.size > 1) found.add('severalEventIds', { key, orderId, eventIds: [...ids] });
  }
  // Every 2xx for one key names the same order.
  const orderIdsByKey = new Map<string, Set<string>>();
  for (const attempt of ledger.attempts) {
    if (attempt.status < 200 || attempt.status >= 300 || attempt.orderId === undefined) continue;
    orderIdsByKey.set(attempt.key, (orderIdsByKey.get(attempt.key) ?? new Set()).add(attempt.orderId));
  }
  for (const [key, orderIds] of orderIdsByKey) {
    if (orderIds.size > 1) found.add('keyAnsweredWithSeveralOrders', { key, orderIds: [...orderIds] });
  }
  return verdict('I1', 'accepted ⇒ on order.created once', found, { accepted: accepted.length });
};

/**
 * I2: nothing on order.created that the client was not given a 2xx for (a ghost), and at most one order
 * per Idempotency-Key; each ghost is traced to its key through the correlation-id header.
 */
export const checkNoGhosts = (ledger: Ledger, evidence: Evidence): InvariantResult => {
  const found = violations();
  const accepted = new Set(ledger.outcomes.flatMap((outcome) => outcome.orderId ?? []));
  const outcomeOfKey = new Map(ledger.outcomes.map((outcome) => [outcome.key, outcome.outcome]));
  const keyOf = keyOfCorrelation(ledger);
  const ordersByKey = new Map<string, Set<string>>();
  const published = evidence.records.get('order.created') ?? [];
  for (const record of published) {
    const correlationId = record.headers['correlation-id'] ?? '';
    const key = keyOf.get(correlationId);
    if (key !== undefined && record.orderId !== undefined) {
      ordersByKey.set(key, (ordersByKey.get(key) ?? new Set()).add(record.orderId));
    }
    if (record.orderId !== undefined && !accepted.has(record.orderId)) {
      found.add('ghost', {
        orderId: record.orderId,
        correlationId,
        key,
        clientOutcome: key === undefined ? undefined : outcomeOfKey.get(key),
      });
    }
  }
  for (const [key, orderIds] of ordersByKey) {
    if (orderIds.size > 1) found.add('keyWithSeveralOrders', { key, orderIds: [...orderIds] });
  }
  return verdict('I2', 'no ghost orders, one order per key', found, { published: published.length });
};

/** I3: every order has exactly one terminal path in the log, and its status view shows that outcome. */
export const checkFinalStatus = (evidence: Evidence, facts: Map<string, OrderFacts>): InvariantResult => {
  const found = violations();
  let final = 0;
  for (const [orderId, view] of evidence.views) {
    const derived = facts.get(orderId)?.status ?? 'UNFINISHED';
    if (derived === 'CONFLICT')
      found.add('conflictingOutcomes', { orderId, topics: [...(facts.get(orderId)?.first.keys() ?? [])] });
    else if (derived === 'UNFINISHED')
      found.add('noOutcome', { orderId, topics: [...(facts.get(orderId)?.first.keys() ?? [])] });
    if (!('status' in view)) {
      found.add('viewUnavailable', { orderId, httpStatus: view.httpStatus });
      continue;
    }
    if (!FINAL.has(view.status)) found.add('viewNotFinal', { orderId, view: view.status, derived });
    else if (outcomeOfView(view.status) !== derived && DERIVED_FINAL.has(derived))
      found.add('viewDisagrees', { orderId, view: view.status, derived });
    else final += 1;
  }
  return verdict('I3', 'one final status per order', found, { orders: evidence.views.size, final });
};
