import type Redis from 'ioredis';

import { doneMarkers } from '@orderflow/idempotency';
import type { KafkaClient } from '@orderflow/kafka';

import type { EventIdReader } from './event-id.reader';
import type { OffsetResetPlan } from './offset-reset.types';
import { readTopicRange } from './topic-range.reader';
import type { OffsetRange } from './topic-range.types';

/** What a replay's range holds with respect to the group's done markers. */
export interface DoneScan {
  /** Records the group will read again after the reset. */
  records: number;
  /** Of those, records whose event the group has marked done: skipped as duplicates unless forgotten. */
  done: number;
  /** Done markers deleted (with `forget`): those records are processed again. */
  forgotten: number;
  /** Records whose eventId could not be read (no header, undecodable): the consumer dead-letters them. */
  unidentified: number;
}

export interface ScanReplayDoneOptions {
  kafka: KafkaClient;
  plan: OffsetResetPlan;
  /** Where the group's done markers live: the services' Redis and namespace prefix. */
  redis: Redis;
  keyPrefix: string;
  /** The logical group (its done markers are `<prefix>idempotency:<group>:<eventId>`). */
  group: string;
  eventIdOf: EventIdReader;
  /** Delete the done markers found, so the replay reprocesses instead of skipping. */
  forget: boolean;
  pageBytes?: number;
}

/** The offsets a group reads again once the plan is applied: from its new offset to the end of the log. */
export const replayedRanges = (plan: OffsetResetPlan): OffsetRange[] =>
  plan.partitions.map(({ partition, target, high }) => ({ partition, from: target, end: high }));

/**
 * Streams the range a reset makes the group read again and looks up each event's done marker, page by
 * page (one pipelined Redis round trip per page). Done markers outlive the topics' retention, so within
 * that window a replay otherwise reprocesses nothing and its lag drains as if it had worked.
 */
export const scanReplayDone = async ({
  kafka,
  plan,
  redis,
  keyPrefix,
  group,
  eventIdOf,
  forget,
  pageBytes,
}: ScanReplayDoneOptions): Promise<DoneScan> => {
  const markers = doneMarkers({ redis, keyPrefix, group });
  const scan: DoneScan = { records: 0, done: 0, forgotten: 0, unidentified: 0 };
  await readTopicRange({
    kafka,
    topic: plan.topic,
    ranges: replayedRanges(plan),
    pageBytes,
    onRecords: async (records) => {
      scan.records += records.length;
      const read = await Promise.all(records.map(eventIdOf));
      const ids = read.filter((id): id is string => id !== undefined);
      scan.unidentified += read.length - ids.length;
      const unique = [...new Set(ids)];
      const flags = await markers.areDone(unique);
      const doneIds = new Set(unique.filter((_, index) => flags[index] === true));
      scan.done += ids.filter((id) => doneIds.has(id)).length;
      if (forget) scan.forgotten += await markers.forget([...doneIds]);
    },
  });
  return scan;
};
