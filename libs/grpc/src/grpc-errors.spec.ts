import { Metadata, status, type ServiceError } from '@grpc/grpc-js';

import { OrderflowError, type ErrorCode } from '@orderflow/errors';

import { fromGrpcError, toGrpcStatus } from './grpc-errors';

const serviceError = (code: status, details = 'x'): ServiceError =>
  Object.assign(new Error(details), { code, details, metadata: new Metadata() });

describe('domain errors ⇄ gRPC status codes', () => {
  it.each<[ErrorCode, status, boolean]>([
    ['NOT_FOUND', status.NOT_FOUND, false],
    ['WRONG_STATE', status.FAILED_PRECONDITION, false],
    ['REQUEST_INVALID', status.INVALID_ARGUMENT, false],
    ['DEPENDENCY_UNAVAILABLE', status.UNAVAILABLE, true],
    ['DEADLINE_EXCEEDED', status.DEADLINE_EXCEEDED, true],
    ['CLIENT_TOO_SLOW', status.RESOURCE_EXHAUSTED, true],
    ['STATE_CONFLICT', status.ABORTED, true],
  ])('%s is answered as status %s and read back retriable=%s', (code, grpcStatus, retriable) => {
    const answered = toGrpcStatus(new OrderflowError(code, 'what happened'));
    expect(answered.code).toBe(grpcStatus);
    expect(answered.details).toBe('what happened');
    expect(answered.metadata?.get('orderflow-error-code')).toEqual([code]);

    const read = fromGrpcError(serviceError(grpcStatus, 'what happened'), { orderId: 'o-1' });
    expect(read).toMatchObject({ code, retriable, context: { orderId: 'o-1' } });
    expect(read.message).toContain('what happened');
  });

  it('answers INTERNAL for anything unclassified, and reads it back as a non-retriable REMOTE_CALL_FAILED', () => {
    expect(toGrpcStatus(new Error('bug')).code).toBe(status.INTERNAL);
    expect(toGrpcStatus(new OrderflowError('STATE_INVALID', 'odd hash')).code).toBe(status.INTERNAL);
    expect(fromGrpcError(serviceError(status.INTERNAL))).toMatchObject({
      code: 'REMOTE_CALL_FAILED',
      retriable: false,
    });
    expect(fromGrpcError(serviceError(status.UNKNOWN))).toMatchObject({ retriable: false });
  });

  // Chaos case 16 at 100 000 orders: a publish whose outcome was unknown answered INTERNAL, and the caller
  // dead-lettered the job.
  it('answers UNAVAILABLE for a retriable error without a status of its own, read back as retriable', () => {
    const unknownOutcome = new OrderflowError('PUBLISH_OUTCOME_UNKNOWN', 'Kafka did not acknowledge', {
      retriable: true,
    });
    const answered = toGrpcStatus(unknownOutcome);
    expect(answered.code).toBe(status.UNAVAILABLE);
    expect(answered.metadata?.get('orderflow-error-code')).toEqual(['PUBLISH_OUTCOME_UNKNOWN']);
    expect(fromGrpcError(serviceError(answered.code))).toMatchObject({ retriable: true });
  });

  it('reads a cancelled call (a server stopping cut it off) as a retriable REMOTE_CALL_FAILED', () => {
    expect(fromGrpcError(serviceError(status.CANCELLED, 'Call cancelled'))).toMatchObject({
      code: 'REMOTE_CALL_FAILED',
      retriable: true,
      context: { grpcStatus: 'CANCELLED' },
    });
  });
});
