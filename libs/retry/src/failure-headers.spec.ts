import {
  decodeRetryState,
  encodeFailureHeaders,
  FAILURE_HEADER,
  withoutFailureHeaders,
} from './failure-headers';

const facts = {
  original: { topic: 'order.created', partition: 4, offset: '1234', timestamp: '1795305600000' },
  group: 'payment',
  attempts: 2,
  dueAt: 1_795_305_610_000,
  errorClass: 'OrderflowError',
  errorCode: 'DEPENDENCY_UNAVAILABLE',
  errorMessage: 'Redis is unavailable\n  at line 1',
  failedAt: 1_795_305_600_500,
};

describe('failure headers', () => {
  it('round-trips the original coordinates, attempts and due time', () => {
    const headers = Object.fromEntries(
      Object.entries(encodeFailureHeaders(facts)).map(([name, value]) => [name, Buffer.from(value)]),
    );
    expect(decodeRetryState(headers)).toEqual({ original: facts.original, attempts: 2, dueAt: facts.dueAt });
  });

  it('keeps error messages on one line', () => {
    expect(encodeFailureHeaders(facts)[FAILURE_HEADER.errorMessage]).toBe('Redis is unavailable at line 1');
  });

  it('reads a record without failure headers as a first delivery', () => {
    expect(decodeRetryState({ 'correlation-id': Buffer.from('c-1') })).toBeUndefined();
  });

  it('drops earlier failure headers but keeps the record own headers', () => {
    const headers = { 'correlation-id': Buffer.from('c-1'), [FAILURE_HEADER.attempts]: Buffer.from('1') };
    expect(withoutFailureHeaders(headers)).toEqual({ 'correlation-id': Buffer.from('c-1') });
  });
});
