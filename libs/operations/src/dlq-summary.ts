import type { DlqRecord } from './dlq-record';

/** How many records of one group's DLQ share an error class and DLQ reason. */
export interface DlqCount {
  group: string;
  errorClass: string;
  dlqReason: string;
  count: number;
}

/** Counts page by page, so a DLQ of any size is summarised in the memory of one page. */
export interface DlqCounter {
  add(records: readonly DlqRecord[]): void;
  /** Counts per (error class, reason), the largest first, so the dominant failure leads the table. */
  counts(): DlqCount[];
}

export const createDlqCounter = (group: string): DlqCounter => {
  const counts = new Map<string, DlqCount>();
  return {
    add(records) {
      for (const { provenance } of records) {
        const dlqReason = provenance.dlqReason ?? 'unknown';
        const id = JSON.stringify([provenance.errorClass, dlqReason]);
        const entry = counts.get(id) ?? { group, errorClass: provenance.errorClass, dlqReason, count: 0 };
        entry.count += 1;
        counts.set(id, entry);
      }
    },
    counts: () =>
      [...counts.values()].sort(
        (a, b) =>
          b.count - a.count ||
          a.errorClass.localeCompare(b.errorClass) ||
          a.dlqReason.localeCompare(b.dlqReason),
      ),
  };
};

/** Pure: the counts of records already in memory. */
export const countDlqRecords = (group: string, records: readonly DlqRecord[]): DlqCount[] => {
  const counter = createDlqCounter(group);
  counter.add(records);
  return counter.counts();
};
