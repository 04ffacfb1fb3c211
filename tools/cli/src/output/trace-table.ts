import type { TraceEntry } from '@orderflow/inspect';

import { renderTable } from './render-table';

// Ids are UUIDs; their first 8 characters tell them apart within one order and keep the table narrow.
const shortId = (id: string | undefined): string => (id === undefined ? '-' : id.slice(0, 8));

/** A trace as a table: the EVENT column is indented by causation depth, so the tree shows. */
export const renderTraceTable = (entries: readonly TraceEntry[]): string =>
  renderTable(
    ['TIME', 'EVENT', 'PARTITION:OFFSET', 'WRITER', 'EVENT-ID', 'CAUSATION-ID', 'CORRELATION-ID', 'SUMMARY'],
    entries.map(({ depth, record, eventId, causationId, correlationId, summary }) => [
      record.timestamp ?? '-',
      `${'  '.repeat(depth)}${record.topic}`,
      `${record.partition}:${record.offset}`,
      record.writer === undefined ? '-' : `${record.writer.subject} v${record.writer.version}`,
      shortId(eventId),
      shortId(causationId),
      shortId(correlationId),
      summary,
    ]),
  );
