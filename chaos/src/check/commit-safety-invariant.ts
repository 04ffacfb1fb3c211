import type { CommitSample } from '../observe/sampler';
import { namespaceGroups } from '../observe/group-offsets';
import type { TimeWindow } from './effects-invariant';
import type { Evidence, LogRecord } from './evidence';
import { verdict, violations, type InvariantResult } from './invariant.types';

/**
 * Whether a failover may have taken the record's done marker: the record was on Kafka before the end of a
 * window whose Redis writes were lost, and the commit was sampled after that window began.
 */
export const markerMayHaveBeenLost = (
  record: Pick<LogRecord, 'timestamp'>,
  sample: Pick<CommitSample, 'at'>,
  windows: readonly TimeWindow[],
): boolean => windows.some(({ from, to }) => record.timestamp <= to && sample.at >= from);

/**
 * I7: a committed offset never passes a record whose effects are not done. For every commit sample taken
 * during the run (offsets read first, then the done markers), every record of the group below its committed
 * offset must have been marked done by that group in that scan or earlier, or have a copy in the group's retry
 * tiers or DLQ (it is waiting there, or dead), or be undecodable (poison: no effect to do).
 *
 * A Redis failover that lost acknowledged writes (case 8) takes done markers of records whose offsets Kafka
 * already holds: the commit was right when made, and the consumers redo those records once they find Redis's
 * offsets behind Kafka's. Such a record is counted apart (`redoneAfterLostRecord`), not as a violation.
 */
export const checkCommitSafety = (
  evidence: Evidence,
  samples: readonly CommitSample[],
  doneFirstSeen: ReadonlyMap<string, number>,
  prefix: string,
  lostRedisWrites: readonly TimeWindow[] = [],
): InvariantResult => {
  const found = violations();
  const groups = namespaceGroups('');
  const parked = new Map<string, Set<string>>();
  for (const group of groups) {
    const copies = [...group.retryTiers.map((tier) => tier.topic), group.dlqTopic].flatMap(
      (topic) => evidence.records.get(topic) ?? [],
    );
    parked.set(group.name, new Set(copies.flatMap((record) => record.eventId ?? [])));
  }
  const byPartition = new Map<string, LogRecord[]>();
  for (const [topic, records] of evidence.records) {
    for (const record of records) {
      const id = `${topic}/${record.partition}`;
      const list = byPartition.get(id) ?? [];
      list.push(record);
      byPartition.set(id, list);
    }
  }
  let checked = 0;
  let redone = 0;
  const reported = new Set<string>();
  for (const sample of samples) {
    for (const offsets of sample.offsets) {
      const topic = offsets.topic.slice(prefix.length);
      for (const record of byPartition.get(`${topic}/${offsets.partition}`) ?? []) {
        if (record.offset >= offsets.committed) continue;
        checked += 1;
        if (record.undecodable !== undefined || record.eventId === undefined) continue;
        const done = doneFirstSeen.get(`${offsets.group}:${record.eventId}`);
        if (done !== undefined && done <= sample.scan) continue;
        if (parked.get(offsets.group)?.has(record.eventId)) continue;
        const id = `${offsets.group}:${topic}/${record.partition}@${record.offset}`;
        if (reported.has(id)) continue;
        reported.add(id);
        if (done !== undefined && markerMayHaveBeenLost(record, sample, lostRedisWrites)) {
          redone += 1;
          continue;
        }
        found.add(done === undefined ? 'committedNeverDone' : 'committedBeforeDone', {
          group: offsets.group,
          topic,
          partition: record.partition,
          offset: record.offset,
          committed: offsets.committed,
          eventId: record.eventId,
          orderId: record.orderId,
          sampledAt: sample.at,
        });
      }
    }
  }
  return verdict('I7', 'commits never pass undone records', found, {
    samples: samples.length,
    recordsChecked: checked,
    redoneAfterLostRecord: redone,
  });
};
