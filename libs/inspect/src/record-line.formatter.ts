import type { InspectedRecord, UnreadableLine } from './inspected-record.types';
import { toJsonSafe } from './json-safe';

export interface FormatRecordOptions {
  /** Indented over several lines instead of one JSON line per record. */
  pretty?: boolean;
}

/** One record as JSON: a line per record by default, so the output pipes into `jq` and `grep`. */
export const formatRecordLine = (
  record: InspectedRecord | UnreadableLine,
  { pretty = false }: FormatRecordOptions = {},
): string => JSON.stringify(toJsonSafe(record), undefined, pretty ? 2 : undefined);
