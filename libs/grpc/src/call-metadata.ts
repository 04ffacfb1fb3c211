import { Metadata } from '@grpc/grpc-js';

/**
 * The metadata a call carries between services, named as the Kafka headers that carry the same facts
 * (libs/kafka's trace headers), so one trace reads alike across both transports.
 */
export const METADATA_KEY = {
  correlationId: 'correlation-id',
  traceparent: 'traceparent',
  idempotencyKey: 'idempotency-key',
} as const;

export interface CallMetadata {
  correlationId?: string;
  traceparent?: string;
  /** Derived from what triggered the call, so every retry of it carries the same key. */
  idempotencyKey?: string;
}

export const toMetadata = (values: CallMetadata): Metadata => {
  const metadata = new Metadata();
  for (const [field, key] of Object.entries(METADATA_KEY) as [keyof CallMetadata, string][]) {
    const value = values[field];
    if (value !== undefined) metadata.set(key, value);
  }
  return metadata;
};

export const fromMetadata = (metadata: Metadata): CallMetadata => {
  const values: CallMetadata = {};
  for (const [field, key] of Object.entries(METADATA_KEY) as [keyof CallMetadata, string][]) {
    const [value] = metadata.get(key);
    if (typeof value === 'string' && value !== '') values[field] = value;
  }
  return values;
};
