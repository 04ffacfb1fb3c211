import { OrderflowError } from '@orderflow/errors';

import { recordRefusal } from './record-rejection';

/** The shapes KafkaJS rejects a produce with: a protocol error, wrapped once by its retrier. */
const protocolError = (type: string) =>
  Object.assign(new Error(`broker said ${type}`), { type, retriable: false });
const wrapped = (cause: unknown) =>
  new OrderflowError('DEPENDENCY_UNAVAILABLE', 'Kafka is unavailable', {
    retriable: true,
    cause: Object.assign(new Error('non-retriable'), { cause }),
  });

describe('recordRefusal', () => {
  it.each(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE', 'INVALID_RECORD'])(
    'finds %s under the wrappers of the producer and KafkaJS',
    (type) => {
      expect(recordRefusal(wrapped(protocolError(type)))).toBe(type);
    },
  );

  it('does not take a broker or network failure for a refused record', () => {
    expect(recordRefusal(wrapped(protocolError('NOT_LEADER_FOR_PARTITION')))).toBeUndefined();
    expect(recordRefusal(wrapped(new Error('connect ECONNREFUSED')))).toBeUndefined();
    expect(recordRefusal('MESSAGE_TOO_LARGE')).toBeUndefined();
  });

  it('stops on a cause chain that loops', () => {
    const looping: { cause?: unknown } = {};
    looping.cause = looping;
    expect(recordRefusal(looping)).toBeUndefined();
  });
});
