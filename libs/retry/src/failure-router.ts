import { isOrderflowError, OrderflowError } from '@orderflow/errors';
import type { KafkaRecord, ProducerRecord, ReliableProducer } from '@orderflow/kafka';
import type { ConsumerGroupModel } from '@orderflow/topics';

import { encodeFailureHeaders, withoutFailureHeaders, type OriginalCoordinates } from './failure-headers';
import { decideFailure, type FailureDecision } from './failure-policy';
import { refusedRecordCopy } from './refused-record-copy';

/** A record that failed, as it was read: bytes untouched. */
export interface FailedRecord extends Pick<KafkaRecord, 'key' | 'value' | 'headers'> {
  original: OriginalCoordinates;
  /** Deliveries so far, the failed one included. */
  attempts: number;
}

export interface FailureRouter {
  /**
   * Sends the record to its next retry tier or the DLQ and resolves once the broker acknowledged it. When
   * Kafka refuses the copy itself (too large there), a copy without the value goes to the DLQ instead.
   */
  route(record: FailedRecord, error: unknown): Promise<FailureDecision>;
}

const errorIdentity = (error: unknown): { errorClass: string; errorCode: string; errorMessage: string } => ({
  errorClass: error instanceof Error ? error.constructor.name : typeof error,
  errorCode: isOrderflowError(error) ? error.code : 'UNCLASSIFIED',
  errorMessage: error instanceof Error ? error.message : String(error),
});

/** Non-blocking retries for one consumer group: its own tiers and DLQ, never another group's. */
export const createFailureRouter = (options: {
  group: ConsumerGroupModel;
  producer: Pick<ReliableProducer, 'send'>;
  now?: () => number;
}): FailureRouter => {
  const { group, producer, now = Date.now } = options;
  const delays = group.retryTiers.map((tier) => tier.delayMs);
  return {
    async route(record, error) {
      const decision = decideFailure(error, record.attempts, delays);
      const failedAt = now();
      const facts = {
        original: record.original,
        group: group.name,
        attempts: record.attempts,
        failedAt,
        ...errorIdentity(error),
      };
      const target: ProducerRecord =
        decision.kind === 'retry'
          ? {
              topic: group.retryTiers[decision.tierIndex]?.topic ?? group.dlqTopic,
              key: record.key,
              value: record.value,
              headers: {
                ...withoutFailureHeaders(record.headers),
                ...encodeFailureHeaders({ ...facts, dueAt: failedAt + decision.delayMs }),
              },
            }
          : {
              topic: group.dlqTopic,
              key: record.key,
              value: record.value,
              headers: {
                ...withoutFailureHeaders(record.headers),
                ...encodeFailureHeaders({ ...facts, dlqReason: decision.reason }),
              },
            };
      try {
        await producer.send([target]);
        return decision;
      } catch (sendError) {
        // Anything else is Kafka being unreachable: the caller must not commit, and reads the record again.
        if (!isOrderflowError(sendError, 'EVENT_TOO_LARGE')) throw sendError;
        const refusal = String(sendError.context.refusal);
        const copy = refusedRecordCopy({
          topic: group.dlqTopic,
          record,
          failureHeaders: encodeFailureHeaders({ ...facts, dlqReason: 'record-refused' }),
          refusedBy: `${refusal} on ${target.topic}`,
        });
        await producer.send([copy]).catch((copyError: unknown) => {
          if (!isOrderflowError(copyError, 'EVENT_TOO_LARGE')) throw copyError;
          throw new OrderflowError(
            'RECORD_REJECTED',
            `Kafka refused ${record.original.topic}/${record.original.partition}@${record.original.offset} on ${target.topic} (${refusal}) and even its copy without value on ${group.dlqTopic}; raise max.message.bytes of ${group.dlqTopic}.`,
            { context: { original: record.original, group: group.name, refusal }, cause: copyError },
          );
        });
        return { kind: 'dead-letter', reason: 'record-refused' };
      }
    },
  };
};
