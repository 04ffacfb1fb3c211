/** A job handed to a work queue: a JSON body and what identifies and traces it. */
export interface Job<T = unknown> {
  /** Deterministic per job, so a consumer can recognise a redelivery or a re-published duplicate. */
  messageId: string;
  correlationId: string;
  traceparent?: string;
  body: T;
}

/** Header names the seam reads and writes; x-death is RabbitMQ's own. */
export const JOB_HEADERS = {
  traceparent: 'traceparent',
  attempts: 'x-orderflow-attempts',
  errorCode: 'x-orderflow-error-code',
  errorMessage: 'x-orderflow-error-message',
  reason: 'x-orderflow-dead-letter-reason',
  deadAt: 'x-orderflow-dead-lettered-at',
} as const;
