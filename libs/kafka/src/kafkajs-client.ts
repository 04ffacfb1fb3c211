import type { Admin, Consumer, EachBatchPayload, Kafka, Producer } from 'kafkajs';

import { OrderflowError } from '@orderflow/errors';

import type { RecordBatch } from './batch-consumer.types';
import type { KafkaTestAdmin } from './kafka-admin';
import type { KafkaClient, ToolConsumer, ToolProducer } from './kafka-client.types';
import { defaultPartitioner } from './kafka-protocol';
import { recordOf } from './kafka-record';

/** The KafkaJS client behind each port handed out, for the adapters in this library. */
const underlying = new WeakMap<KafkaClient, Kafka>();

/** KafkaJS's batch as the port's: its messages carry every field of a record, and are passed on as they are. */
export const recordBatch = ({ batch }: EachBatchPayload): RecordBatch => ({
  topic: batch.topic,
  partition: batch.partition,
  records: batch.messages,
  firstOffset: () => batch.firstOffset(),
  lastOffset: () => batch.lastOffset(),
});

const adminPort = (admin: Admin): KafkaTestAdmin => ({
  connect: () => admin.connect(),
  disconnect: () => admin.disconnect(),
  listTopics: () => admin.listTopics(),
  createTopics: (request) => admin.createTopics(request),
  createPartitions: (request) => admin.createPartitions(request),
  fetchTopicMetadata: (request) => admin.fetchTopicMetadata(request),
  describeConfigs: (request) => admin.describeConfigs(request),
  alterConfigs: (request) => admin.alterConfigs(request),
  fetchTopicOffsets: (topic) => admin.fetchTopicOffsets(topic),
  fetchTopicOffsetsByTimestamp: (topic, timestamp) => admin.fetchTopicOffsetsByTimestamp(topic, timestamp),
  listGroups: () => admin.listGroups(),
  describeGroups: (groupIds) => admin.describeGroups(groupIds),
  deleteGroups: (groupIds) => admin.deleteGroups(groupIds),
  fetchOffsets: (request) => admin.fetchOffsets(request),
  setOffsets: (request) => admin.setOffsets(request),
  deleteTopics: (request) => admin.deleteTopics(request),
  resetOffsets: (request) => admin.resetOffsets(request),
});

const toolConsumer = (consumer: Consumer): ToolConsumer => ({
  connect: () => consumer.connect(),
  subscribe: (subscription) => consumer.subscribe(subscription),
  run: ({ autoCommit, eachMessage, eachBatch }) =>
    consumer.run({
      ...(autoCommit === undefined ? {} : { autoCommit }),
      ...(eachMessage === undefined
        ? {}
        : {
            eachMessage: ({ topic, partition, message }) =>
              eachMessage(recordOf({ topic, partition }, message)),
          }),
      ...(eachBatch === undefined
        ? {}
        : {
            eachBatch: (payload) => eachBatch(recordBatch(payload), { heartbeat: () => payload.heartbeat() }),
          }),
    }),
  pause: (partitions) => consumer.pause(partitions),
  seek: (position) => consumer.seek(position),
  disconnect: () => consumer.disconnect(),
});

const toolProducer = (producer: Producer): ToolProducer => ({
  connect: () => producer.connect(),
  send: ({ topic, messages }) => producer.send({ topic, acks: -1, messages }),
  disconnect: () => producer.disconnect(),
});

/** The port over a KafkaJS client: the one place that turns KafkaJS's handles into orderflow's. */
export const kafkaClientOf = (kafka: Kafka): KafkaClient => {
  const client: KafkaClient = {
    admin: () => adminPort(kafka.admin()),
    consumer: (options) => toolConsumer(kafka.consumer(options)),
    // Every orderflow producer partitions alike (murmur2, as Java's), so a key lands where services expect.
    producer: (options = {}) =>
      toolProducer(kafka.producer({ ...options, createPartitioner: defaultPartitioner })),
  };
  underlying.set(client, kafka);
  return client;
};

/** The admin port with the test-only calls, for the test namespace's cleanup. */
export const testAdminOf = (client: KafkaClient): KafkaTestAdmin => adminPort(kafkajsOf(client).admin());

/** The KafkaJS client behind a port this library built. */
export const kafkajsOf = (client: KafkaClient): Kafka => {
  const kafka = underlying.get(client);
  if (kafka === undefined) {
    throw new OrderflowError(
      'CONFIG_INVALID',
      'This Kafka client was not built by @orderflow/kafka: build it with createKafkaClient or createToolClient.',
    );
  }
  return kafka;
};
