/** Header names on every orderflow record (plain UTF-8 values, kcat-friendly). */
export const HEADER = {
  correlationId: 'correlation-id',
  causationId: 'causation-id',
  traceparent: 'traceparent',
  eventId: 'event-id',
} as const;

/** The tracing facts an event carries in its headers. */
export interface TraceHeaders {
  /** From the HTTP request that started the flow (X-Correlation-Id, or generated there). */
  correlationId: string;
  /** eventId of the event this one was caused by; absent on order.created. */
  causationId?: string;
  /** W3C trace context; generated when absent. */
  traceparent?: string;
}
