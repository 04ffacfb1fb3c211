import type { Consumer, EachBatchPayload } from 'kafkajs';

import type { BatchConsumer, BatchConsumerOptions, BatchControl } from './batch-consumer.types';
import type { KafkaClient } from './kafka-client.types';
import { kafkajsOf, recordBatch } from './kafkajs-client';

const batchControl = (payload: EachBatchPayload): BatchControl => ({
  pause: () => payload.pause(),
  resolveOffset: (offset) => payload.resolveOffset(offset),
  heartbeat: () => payload.heartbeat(),
  isRunning: () => payload.isRunning(),
  isStale: () => payload.isStale(),
});

/** The batch consumer over KafkaJS. */
export const createBatchConsumer = (kafka: KafkaClient, options: BatchConsumerOptions): BatchConsumer => {
  const consumer: Consumer = kafkajsOf(kafka).consumer({
    groupId: options.groupId,
    allowAutoTopicCreation: false,
    sessionTimeout: options.sessionTimeoutMs,
    heartbeatInterval: options.heartbeatIntervalMs,
    maxWaitTimeInMs: options.maxWaitTimeMs,
    // The user owns every restart: left to itself, KafkaJS restarts a consumer that crashed with a
    // retriable error on its own, behind the user's back, after it reported the crash.
    // (`retries: 5` is KafkaJS's consumer default, which passing `retry` would otherwise drop.)
    retry: { retries: 5, restartOnFailure: () => Promise.resolve(false) },
  });
  return {
    connect: () => consumer.connect(),
    subscribe: ({ topics, fromBeginning }) => consumer.subscribe({ topics, fromBeginning }),
    run: (run) =>
      consumer.run({
        partitionsConsumedConcurrently: run.partitionsConsumedConcurrently,
        eachBatchAutoResolve: false,
        autoCommit: false,
        eachBatch: (payload) => run.eachBatch(recordBatch(payload), batchControl(payload)),
      }),
    seek: (position) => consumer.seek(position),
    commitOffsets: (offsets) => consumer.commitOffsets(offsets),
    stop: () => consumer.stop(),
    disconnect: () => consumer.disconnect(),
    onGroupJoin: (listener) => {
      consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => listener(payload.memberAssignment));
    },
    onStop: (listener) => {
      consumer.on(consumer.events.STOP, () => listener());
    },
    onCrash: (listener) => {
      consumer.on(consumer.events.CRASH, ({ payload }) => listener(payload.error));
    },
  };
};
