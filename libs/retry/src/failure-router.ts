import { isOrderflowError, OrderflowError } from '@orderflow/errors';
import type { KafkaRecord, ProducerRecord, ReliableProducer } from '@orderflow/kafka';
import type { ConsumerGroupModel } from '@orderflow/topics';

import {
  encodeFailureHeaders,
  FAILURE_HEADER,
  withoutFailureHeaders,
  type FailureFacts,
  type OriginalCoordinates,
} from './failure-headers';
import { decideFailure, type FailureDecision } from './failure-policy';
import { refusedRecordCopy } from './refused-record-copy';

/** A record that failed, as it was read: bytes untouched. */
export interface FailedRecord extends Pick<KafkaRecord, 'key' | 'value' | 'headers'> {
  original: OriginalCoordinates;
  /** Deliveries so far, the failed one included. */
  attempts: number;
}

/** A copy Kafka refused as it was: a copy without its value went to the DLQ instead. */
type RefusedDecision = Extract<FailureDecision, { kind: 'dead-letter' }> & { reason: 'record-refused' };

/** Where a held-back record goes: a tier of the group, behind the record of its key that waits there. */
export interface HoldBackPlacement {
  tierIndex: number;
  /** The original coordinates (`topic:partition:offset`) of the key's record it waits behind. */
  behind: string;
  /** 0: due as soon as it reaches the head of the tier (it waits by its place in the log, not by a delay). */
  delayMs: number;
}

export interface FailureRouter {
  /**
   * Sends the record to its next retry tier or the DLQ and resolves once the broker acknowledged it. When
   * Kafka refuses the copy itself (too large there), a copy without the value goes to the DLQ instead.
   * `beforeRetry` runs before a retry copy is sent (a group with per-key order marks the key there, so a
   * crash after the send can never leave a copy without its mark).
   */
  route(
    record: FailedRecord,
    error: unknown,
    beforeRetry?: (tierIndex: number) => Promise<void>,
  ): Promise<FailureDecision>;
  /**
   * Sends a record that did not fail to a retry tier, behind an earlier record of its key: its attempts
   * stay as they were, and `orderflow-held-behind` says why it is there. Resolves with 'held-back', or
   * with a dead-letter decision when Kafka refused the copy (then a copy without value is in the DLQ).
   */
  holdBack(record: FailedRecord, placement: HoldBackPlacement): Promise<'held-back' | RefusedDecision>;
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
  /**
   * Sends `target`; when Kafka refuses it as too large, a copy without the value goes to the DLQ instead.
   * Anything else is Kafka being unreachable: it propagates, the caller must not commit and reads the
   * record again.
   */
  const sendOrRefusedCopy = async (
    target: ProducerRecord,
    record: FailedRecord,
    facts: FailureFacts,
  ): Promise<'sent' | RefusedDecision> => {
    try {
      await producer.send([target]);
      return 'sent';
    } catch (sendError) {
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
  };

  return {
    async route(record, error, beforeRetry) {
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
      if (decision.kind === 'retry') await beforeRetry?.(decision.tierIndex);
      const sent = await sendOrRefusedCopy(target, record, facts);
      return sent === 'sent' ? decision : sent;
    },

    async holdBack(record, { tierIndex, behind, delayMs }) {
      const heldAt = now();
      const facts: FailureFacts = {
        original: record.original,
        group: group.name,
        // Holding back is not a failure: the copy carries the failures before it, not this delivery.
        attempts: record.attempts - 1,
        // The failure headers' slots say it was held, when, and behind what: a distinct reason, no error.
        failedAt: heldAt,
        errorClass: 'none',
        errorCode: 'HELD_BACK',
        errorMessage: `held back behind ${behind}, an earlier record of its key waiting in a retry tier`,
      };
      const target: ProducerRecord = {
        topic: group.retryTiers[tierIndex]?.topic ?? group.dlqTopic,
        key: record.key,
        value: record.value,
        headers: {
          ...withoutFailureHeaders(record.headers),
          ...encodeFailureHeaders({ ...facts, dueAt: heldAt + delayMs }),
          [FAILURE_HEADER.heldBehind]: behind,
        },
      };
      const sent = await sendOrRefusedCopy(target, record, facts);
      return sent === 'sent' ? 'held-back' : sent;
    },
  };
};
