import type { FollowUp } from './follow-up';

/**
 * A follow-up as an outbox row carries it: exactly what the runtime would have published (the same
 * deterministic event id, the Confluent-framed Avro value, the trace headers), for a relay to publish
 * byte for byte after the handler's transaction committed.
 */
export interface OutboxEvent {
  eventId: string;
  /** The logical topic, e.g. `payment.completed`. */
  topic: string;
  /** The record key (the order id). */
  key: string;
  value: Buffer;
  correlationId: string;
  /** The eventId of the event being handled. */
  causationId: string;
  traceparent: string;
}

/** Turns a handler's follow-ups into outbox events (see EventContext.outboxEvents). */
export type OutboxEncoder = (followUps: readonly FollowUp[]) => Promise<OutboxEvent[]>;
