import type { DlqRecord } from './dlq-record';

/** How many records of one group's DLQ share an error class and DLQ reason. */
export interface DlqCount {
  group: string;
  errorClass: string;
  dlqReason: string;
  count: number;
}

/** Pure: counts per (error class, reason), the largest first, so the dominant failure leads the table. */
export const countDlqRecords = (group: string, records: readonly DlqRecord[]): DlqCount[] => {
  const counts = new Map<string, DlqCount>();
  for (const { provenance } of records) {
    const dlqReason = provenance.dlqReason ?? 'unknown';
    const id = JSON.stringify([provenance.errorClass, dlqReason]);
    const entry = counts.get(id) ?? { group, errorClass: provenance.errorClass, dlqReason, count: 0 };
    entry.count += 1;
    counts.set(id, entry);
  }
  return [...counts.values()].sort(
    (a, b) =>
      b.count - a.count || a.errorClass.localeCompare(b.errorClass) || a.dlqReason.localeCompare(b.dlqReason),
  );
};
