import { Metadata, status, type ServiceError, type StatusObject } from '@grpc/grpc-js';

import { OrderflowError, isOrderflowError, type ErrorCode } from '@orderflow/errors';

/**
 * Domain error codes ⇄ gRPC status codes, the one place either direction is decided. The server answers
 * with the status of the error it caught; the client turns a status back into an OrderflowError whose
 * `retriable` flag the service runtime routes on (the next retry tier, or the DLQ).
 */
const STATUS_OF_CODE: Partial<Record<ErrorCode, status>> = {
  NOT_FOUND: status.NOT_FOUND,
  WRONG_STATE: status.FAILED_PRECONDITION,
  REQUEST_INVALID: status.INVALID_ARGUMENT,
  DEPENDENCY_UNAVAILABLE: status.UNAVAILABLE,
  DEADLINE_EXCEEDED: status.DEADLINE_EXCEEDED,
  CLIENT_TOO_SLOW: status.RESOURCE_EXHAUSTED,
  STATE_CONFLICT: status.ABORTED,
};

/**
 * Which statuses a caller may try again. UNAVAILABLE (the server is down, or not caught up) and
 * DEADLINE_EXCEEDED (no answer in time) may well succeed later; ABORTED is a lost race. CANCELLED is a call
 * cut off, by the caller or by a server stopping (chaos case 14 sent such calls to the DLQ): nothing was
 * said about the request. The rest mean the request itself is wrong for the server as it stands: trying
 * again cannot help.
 */
const RETRIABLE_STATUSES: ReadonlySet<status> = new Set([
  status.UNAVAILABLE,
  status.DEADLINE_EXCEEDED,
  status.CANCELLED,
  status.ABORTED,
  status.RESOURCE_EXHAUSTED,
]);

const CODE_OF_STATUS = new Map<status, ErrorCode>(
  (Object.entries(STATUS_OF_CODE) as [ErrorCode, status][]).map(([code, grpcStatus]) => [grpcStatus, code]),
);

/** The name of a status code as grpc.io spells it, e.g. FAILED_PRECONDITION. */
export const statusName = (code: status): string => status[code] ?? `STATUS_${code}`;

/**
 * What a server answers for an error: its mapped status; UNAVAILABLE for any other error its thrower marked
 * retriable, INTERNAL for anything unclassified. A retriable code without a status of its own answered
 * INTERNAL, which callers read as final: chaos case 16 at 100 000 orders dead-lettered two confirmations
 * whose MarkDeliveryStarted met PUBLISH_OUTCOME_UNKNOWN (the event may or may not be in the log: retry).
 */
export const toGrpcStatus = (error: unknown): Pick<StatusObject, 'code' | 'details' | 'metadata'> => {
  if (isOrderflowError(error)) {
    const metadata = new Metadata();
    metadata.set('orderflow-error-code', error.code);
    const unmapped = error.retriable ? status.UNAVAILABLE : status.INTERNAL;
    return { code: STATUS_OF_CODE[error.code] ?? unmapped, details: error.message, metadata };
  }
  return {
    code: status.INTERNAL,
    details: error instanceof Error ? error.message : String(error),
    metadata: new Metadata(),
  };
};

const isServiceError = (error: unknown): error is ServiceError =>
  error instanceof Error && typeof (error as Partial<ServiceError>).code === 'number';

/** A failed call as an OrderflowError: its code from the status, retriable as RETRIABLE_STATUSES says. */
export const fromGrpcError = (error: unknown, context: Record<string, unknown> = {}): OrderflowError => {
  if (isOrderflowError(error)) return error;
  if (!isServiceError(error)) {
    return new OrderflowError('REMOTE_CALL_FAILED', String(error), { context, cause: error });
  }
  const code = CODE_OF_STATUS.get(error.code) ?? 'REMOTE_CALL_FAILED';
  return new OrderflowError(code, `${statusName(error.code)}: ${error.details}`, {
    retriable: RETRIABLE_STATUSES.has(error.code),
    context: { ...context, grpcStatus: statusName(error.code) },
    cause: error,
  });
};
