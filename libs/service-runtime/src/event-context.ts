import type { Topic } from '@orderflow/contracts';
import type { FencingToken } from '@orderflow/idempotency';

import type { OutboxEncoder } from './outbox-event';

/**
 * What a handler knows about the message besides its decoded payload. Deliberately small and free of
 * KafkaJS types: domain code never sees the client library.
 */
export interface EventContext {
  /** The consumer group handling the event, e.g. `inventory`. */
  group: string;
  /** The logical topic (without any test prefix), e.g. `order.created`. */
  topic: Topic;
  /** The record key: the order id (the window for analytics.order-metrics). */
  key: string;
  eventId: string;
  /** From the HTTP request that started the flow; carried on every follow-up. */
  correlationId: string;
  /** The record's W3C trace context (`traceparent` header): calls the handler makes continue the trace. */
  traceparent: string | undefined;
  /** The eventId of the event that caused this one (absent for order.created). */
  causationId: string | undefined;
  /** 1 on the first delivery; 2 and more when the event comes back from a retry tier. */
  attempt: number;
  /** Where the record sits on its original topic: for logs and DLQ provenance. */
  partition: number;
  offset: string;
  /** The record's timestamp, epoch ms. */
  timestamp: number;
  /**
   * Aborted when the event's lease is lost or the handler's deadline passes: check it before an external
   * call (a charge, a send), and pass it to calls that take one. Effects recorded after it are refused.
   */
  signal: AbortSignal;
  /**
   * For effect stores: they record only while this still holds the event's lease. A group that keeps
   * its own inbox (`inboxOutbox`) holds no lease: its token matches no lease, so fenced writes are refused.
   */
  fence: FencingToken;
  /**
   * The follow-ups as outbox rows: for a group whose handler writes them in its own transaction
   * (`inboxOutbox`) instead of returning them for the runtime to publish.
   */
  outboxEvents: OutboxEncoder;
}
