/** Header names the order API reads and writes (Node lower-cases incoming names). */
export const REQUEST_HEADER = {
  correlationId: 'x-correlation-id',
  idempotencyKey: 'idempotency-key',
} as const;

// Visible ASCII without spaces: safe in logs, Kafka headers and Redis keys alike.
const TOKEN = /^[\x21-\x7E]+$/;

export const HEADER_LIMITS = { correlationId: 128, idempotencyKey: 255 } as const;

export const isValidCorrelationId = (value: string): boolean =>
  value.length <= HEADER_LIMITS.correlationId && TOKEN.test(value);

export const isValidIdempotencyKey = (value: string): boolean =>
  value.length <= HEADER_LIMITS.idempotencyKey && TOKEN.test(value);
