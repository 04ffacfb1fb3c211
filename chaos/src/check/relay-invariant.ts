import type { LedgerRow, RelayedRecord } from '../observe/relay-watch';
import { verdict, violations, type InvariantResult } from './invariant.types';

/**
 * The outbox relay's own check: every ledger row is on the topic of its outcome under exactly one event id,
 * and nothing is on payment.* without a ledger row. Records repeated by a relay crash (the same event id
 * again) are counted, not failed: delivery is at least once, consumers end them at their inbox.
 * `found` may already hold the case's own violations (e.g. a relay that never resumed).
 */
export const checkRelayOneToOne = (
  id: string,
  ledger: readonly LedgerRow[],
  relayed: readonly RelayedRecord[],
  found: ReturnType<typeof violations> = violations(),
  figures: Record<string, number> = {},
): InvariantResult => {
  const byOrder = new Map<string, { topics: Set<string>; eventIds: Set<string> }>();
  for (const record of relayed) {
    if (record.eventId === undefined) found.add('noEventId', { ...record });
    const entry = byOrder.get(record.orderId) ?? { topics: new Set(), eventIds: new Set() };
    entry.topics.add(record.topic);
    if (record.eventId !== undefined) entry.eventIds.add(record.eventId);
    byOrder.set(record.orderId, entry);
  }
  const ledgerOrders = new Set(ledger.map((row) => row.orderId));
  for (const row of ledger) {
    const entry = byOrder.get(row.orderId);
    if (entry === undefined) found.add('ledgerRowNotRelayed', { ...row });
    else if (entry.eventIds.size > 1) found.add('severalEventIds', { ...row, eventIds: [...entry.eventIds] });
    else if (entry.topics.size > 1 || !entry.topics.has(`payment.${row.outcome}`))
      found.add('wrongTopic', { ...row, topics: [...entry.topics] });
  }
  for (const orderId of byOrder.keys()) {
    if (!ledgerOrders.has(orderId)) found.add('relayedWithoutLedgerRow', { orderId });
  }
  const distinct = new Set(relayed.flatMap((record) => record.eventId ?? [])).size;
  return verdict(id, 'every ledger row relayed under one event id, nothing else on payment.*', found, {
    ...figures,
    ledgerRows: ledger.length,
    relayedRecords: relayed.length,
    distinctEventIds: distinct,
    duplicateRecords: relayed.length - distinct,
  });
};
