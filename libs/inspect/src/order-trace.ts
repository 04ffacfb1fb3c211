import { HEADER } from '@orderflow/kafka';

import type { InspectedRecord } from './inspected-record.types';
import { summarizeValue } from './value-summary';

/** One line of a trace: a record, how deep it sits in the causation tree, and what it says. */
export interface TraceEntry {
  depth: number;
  record: InspectedRecord;
  eventId: string | undefined;
  causationId: string | undefined;
  correlationId: string | undefined;
  summary: string;
}

const eventIdOf = (record: InspectedRecord): string | undefined => {
  const fromHeader = record.headers[HEADER.eventId];
  if (fromHeader !== undefined) return fromHeader;
  const value = record.value;
  // Every orderflow event carries its eventId in the value too; the header may be missing on old records.
  return value !== null &&
    typeof value === 'object' &&
    'eventId' in value &&
    typeof value.eventId === 'string'
    ? value.eventId
    : undefined;
};

const byTime = (a: TraceEntry, b: TraceEntry): number =>
  (a.record.timestamp ?? '').localeCompare(b.record.timestamp ?? '') ||
  a.record.topic.localeCompare(b.record.topic) ||
  a.record.offset - b.record.offset;

/**
 * The records of one order as a causation tree, depth first: roots (order.created, or records whose
 * cause is not among them) in time order, each followed by its effects in time order, indented one
 * level deeper. A cause is written before its effects, so for one order this is also time order except
 * where two branches interleave (e.g. a notification written while payment is still in flight).
 */
export const buildOrderTrace = (records: readonly InspectedRecord[]): TraceEntry[] => {
  const entries = records.map((record): TraceEntry => ({
    depth: 0,
    record,
    eventId: eventIdOf(record),
    causationId: record.headers[HEADER.causationId],
    correlationId: record.headers[HEADER.correlationId],
    summary: record.error ? `(undecodable: ${record.error.code})` : summarizeValue(record.value),
  }));
  const known = new Set(entries.map((entry) => entry.eventId).filter((id) => id !== undefined));
  const childrenOf = new Map<string, TraceEntry[]>();
  const roots: TraceEntry[] = [];
  for (const entry of entries) {
    const cause = entry.causationId;
    // An event that claims to cause itself would loop forever below; show it as a root instead.
    if (cause === undefined || !known.has(cause) || cause === entry.eventId) {
      roots.push(entry);
    } else {
      childrenOf.set(cause, [...(childrenOf.get(cause) ?? []), entry]);
    }
  }
  const ordered: TraceEntry[] = [];
  // Ids already expanded: a retried event re-emitted under the same id must not repeat its subtree.
  const expanded = new Set<string>();
  const visited = new Set<TraceEntry>();
  const visit = (entry: TraceEntry, depth: number): void => {
    visited.add(entry);
    ordered.push({ ...entry, depth });
    if (entry.eventId === undefined || expanded.has(entry.eventId)) return;
    expanded.add(entry.eventId);
    for (const child of (childrenOf.get(entry.eventId) ?? []).sort(byTime)) visit(child, depth + 1);
  };
  for (const root of roots.sort(byTime)) visit(root, 0);
  // Records caught in a causation cycle have no root to hang from; they are shown rather than dropped.
  for (const entry of [...entries].sort(byTime)) if (!visited.has(entry)) visit(entry, 0);
  return ordered;
};
