import { Controller, Module, type DynamicModule } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';

import type { ConnectionSettings } from '@orderflow/config';
import type { OrderCreated } from '@orderflow/contracts';
import { startService } from '@orderflow/service-runtime';
import { provisionNamespace, type TestNamespace } from '@orderflow/testing';
import { loadTopicsFile } from '@orderflow/topics';

import { benchKafka, benchProducer, disconnectAll, sendInBatches } from '../bench-kafka';
import { probeRuntime, withProbeGroup } from './r3-probe';
import type { JobBroker, SendJobs } from './r6-send-job';

const senderModule = (jobs: SendJobs): DynamicModule => {
  @Controller()
  class SendJobHandler {
    @EventPattern('order.created')
    async onOrderCreated(@Payload() event: OrderCreated): Promise<void> {
      await jobs.handle(event.orderId);
    }
  }
  @Module({})
  class SendJobModule {}
  return { module: SendJobModule, controllers: [SendJobHandler] };
};

export const KAFKA_TOPIC = 'Kafka topic + runtime';

/**
 * The send job as a Kafka record (an order.created, key orderId, in the namespace's topics) handled by a
 * service of our runtime (startService: decode, Redis claim, handler, commit), the path every consumer
 * service takes. The namespace is the caller's to clean up.
 */
export const startKafkaTopic = async (options: {
  settings: ConnectionSettings;
  namespace: TestNamespace;
  jobs: SendJobs;
}): Promise<JobBroker> => {
  const { settings, namespace, jobs } = options;
  const topics = withProbeGroup(loadTopicsFile());
  const { serde } = await provisionNamespace(namespace, { topics, schemaTopics: ['order.created'] });
  const producer = await benchProducer(benchKafka(settings, 'orderflow-bench-r6'));
  const service = await startService({
    module: senderModule(jobs),
    topics,
    runtime: probeRuntime(settings, namespace.prefix),
  }).catch(async (error: unknown) => {
    await disconnectAll(producer);
    throw error;
  });
  const topic = `${namespace.prefix}order.created`;
  const record = async (order: OrderCreated) => ({
    key: order.orderId,
    value: await serde.encode('order.created', order),
  });
  return {
    label: KAFKA_TOPIC,
    enqueue: async (order) => {
      await producer.send({ topic, acks: -1, messages: [await record(order)] });
    },
    // Producer batches of 500, one in flight: how a Kafka client takes a burst best.
    enqueueAll: async (orders) => {
      await sendInBatches(producer, topic, await Promise.all(orders.map(record)));
    },
    close: async () => {
      await service.close();
      await disconnectAll(producer);
    },
  };
};
