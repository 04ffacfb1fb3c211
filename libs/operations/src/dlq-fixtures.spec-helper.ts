import { encodeFailureHeaders } from '@orderflow/retry';

import { toDlqRecord, type DlqRecord } from './dlq-record';

/** A DLQ record as the failure router writes it, for unit tests. */
export const aDlqRecord = (
  offset: number,
  overrides: {
    errorClass?: string;
    failedAt?: number;
    dlqReason?: string;
    extraHeaders?: Record<string, string>;
  } = {},
): DlqRecord => {
  const failure = encodeFailureHeaders({
    original: {
      topic: 'order.created',
      partition: 2,
      offset: String(100 + offset),
      timestamp: '1795305600000',
    },
    group: 'payment',
    attempts: 4,
    errorClass: overrides.errorClass ?? 'Error',
    errorCode: 'UNCLASSIFIED',
    errorMessage: 'gateway down',
    failedAt: overrides.failedAt ?? 1_795_305_600_000 + offset,
    dlqReason: overrides.dlqReason ?? 'retries-exhausted',
  });
  const headers = Object.fromEntries(
    Object.entries({ 'correlation-id': 'corr-1', ...failure, ...overrides.extraHeaders }).map(
      ([name, value]) => [name, Buffer.from(value)],
    ),
  );
  return toDlqRecord({
    topic: 'payment.dlq',
    partition: 0,
    offset: String(offset),
    timestamp: '1795305600000',
    key: Buffer.from(`order-${offset}`),
    value: Buffer.from([0, 0, 0, 0, 1, offset]),
    headers,
  });
};
