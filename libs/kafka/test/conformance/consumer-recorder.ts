import type { BatchControl, BatchConsumer, PartitionAssignment, RecordBatch } from '@orderflow/kafka';

import type { KafkaPort } from './kafka-port';

/** One record as a member saw it. */
export interface Delivery {
  topic: string;
  partition: number;
  offset: string;
  key: string;
  record: RecordBatch['records'][number];
}

/** What a batch handler under test does besides recording: by default it resolves every record. */
export type BatchStep = (batch: RecordBatch, control: BatchControl) => Promise<'resolve' | 'leave'>;

export interface RecordedMember {
  consumer: BatchConsumer;
  deliveries: Delivery[];
  /** Every assignment this member joined with, latest last. */
  joins: PartitionAssignment[];
  latestAssignment(): PartitionAssignment | undefined;
  disconnect(): Promise<void>;
}

/** Starts a group member on `topics` from the beginning that records every record handed to it. */
export const startRecordedMember = async (
  port: KafkaPort,
  { groupId, topics, step }: { groupId: string; topics: string[]; step?: BatchStep },
): Promise<RecordedMember> => {
  const consumer = port.batchConsumer({
    groupId,
    // The broker refuses sessions below 6 s; a 1 s heartbeat notices a rebalance quickly.
    sessionTimeoutMs: 10_000,
    heartbeatIntervalMs: 1_000,
    maxWaitTimeMs: 200,
  });
  const deliveries: Delivery[] = [];
  const joins: PartitionAssignment[] = [];
  consumer.onGroupJoin((assignment) => joins.push(assignment));
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({
    partitionsConsumedConcurrently: 2,
    eachBatch: async (batch, control) => {
      for (const record of batch.records) {
        deliveries.push({
          topic: batch.topic,
          partition: batch.partition,
          offset: record.offset,
          key: record.key?.toString() ?? '',
          record,
        });
      }
      if ((await (step ?? (() => Promise.resolve('resolve' as const)))(batch, control)) === 'leave') return;
      const last = batch.records.at(-1);
      if (last) control.resolveOffset(last.offset);
    },
  });
  return {
    consumer,
    deliveries,
    joins,
    latestAssignment: () => joins.at(-1),
    disconnect: () => consumer.disconnect(),
  };
};

/** The offsets a member saw on one partition, in delivery order. */
export const offsetsOn = (member: RecordedMember, partition: number): string[] =>
  member.deliveries.filter((delivery) => delivery.partition === partition).map(({ offset }) => offset);
