import type { EventByTopic, Topic } from '@orderflow/contracts';
import type { RecordPosition } from '@orderflow/kafka';

/** An event's own fields; the runtime adds `eventId` (deterministic) and `occurredAt` (see FollowUp). */
export type EventBody<T extends Topic> = Omit<EventByTopic[T], 'eventId' | 'occurredAt'>;

/**
 * An event a handler asks the runtime to publish. The runtime publishes every follow-up (acks=all) before
 * it marks the input done and commits its offset, derives the follow-up's eventId from the input eventId,
 * the group and the follow-up's position (so a re-emit after a crash carries the same id and is
 * deduplicated downstream), and sets correlation-id, causation-id and traceparent headers.
 */
export interface FollowUp<T extends Topic = Topic> {
  topic: T;
  key: string;
  event: EventBody<T>;
  /**
   * When the effect it announces happened (epoch ms), as stored with the effect: a re-emit after a crash,
   * a lease loss or a redrive then carries the same value as the first emission, so consumers that
   * window by event time (analytics) place every copy alike. Without it the runtime uses the time of
   * publishing, which differs per emission.
   */
  occurredAt?: number;
  /**
   * For a record that carries its key's whole state to a compacted topic, where the record that lands last
   * is the one kept forever: called once this record was acknowledged, with where it landed; answers the
   * record that must land after it because the state changed meanwhile (the runtime publishes it and calls
   * its `recheck` in turn), or nothing when no record is needed. Concurrent publishers of one key (other
   * partitions, other instances, late retries) land in any order, and only a check after the
   * acknowledgement can compare what landed.
   */
  recheck?: (landed: RecordPosition) => Promise<FollowUp<T> | undefined>;
}

/** Builds a FollowUp with the event type checked against the topic. */
export const followUp = <T extends Topic>(
  topic: T,
  key: string,
  event: EventBody<T>,
  occurredAt?: number,
): FollowUp<T> => (occurredAt === undefined ? { topic, key, event } : { topic, key, event, occurredAt });

/** What an `@EventPattern` handler returns: the follow-ups to publish (none is fine). */
export type HandlerResult = FollowUp[] | void;
