import { Controller, Module, type DynamicModule } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';

import type { OrderCreated } from '@orderflow/contracts';
import { loadSchemaCatalog } from '@orderflow/contracts';
import { createRegistryClient, registerSchemas, createAvroSerde, type AvroSerde } from '@orderflow/registry';
import type { TestNamespace } from '@orderflow/testing';
import {
  applyTopicPlan,
  parseTopicsFile,
  planTopics,
  readBrokerTopics,
  resolveTopicSpecs,
  type TopicsFile,
} from '@orderflow/topics';

import type { EventContext } from '@orderflow/consumer-runtime';

/** One group reading order.created with two short retry tiers: the whole failure path in seconds. */
export const probeTopicsFile = (): TopicsFile =>
  parseTopicsFile({
    source: 'runtime probe topics',
    text: `
defaults: { partitions: 1, configs: { cleanup.policy: delete } }
environments: { local: { replicationFactor: 1, configs: { min.insync.replicas: 1 } } }
derived: { retry: { configs: { retention.ms: 600000 } }, dlq: {} }
groups: { probe: { service: consumers/probe, retry: [300ms, 600ms] } }
topics:
  order.created: { owner: producers/order-api, key: orderId, consumers: [probe] }
`,
  });

export const prepareNamespace = async (namespace: TestNamespace, topics: TopicsFile): Promise<AvroSerde> => {
  const admin = await namespace.admin();
  const desired = resolveTopicSpecs({ file: topics, topicPrefix: namespace.prefix });
  const actual = await readBrokerTopics({ admin, names: desired.map((spec) => spec.name) });
  await applyTopicPlan({ admin, plan: planTopics({ desired, actual, topicPrefix: namespace.prefix }) });
  const client = createRegistryClient({ url: namespace.settings.schemaRegistryUrl });
  await registerSchemas({
    client,
    catalog: loadSchemaCatalog(),
    topicPrefix: namespace.prefix,
    topics: ['order.created'],
  });
  return createAvroSerde({ client, topicPrefix: namespace.prefix });
};

/** What the probe handler saw, in order. */
export interface ProbeCall {
  orderId: string;
  eventId: string;
  attempt: number;
  correlationId: string;
}

/** A handler that records every call and fails for customers named `always-fails`. */
export const probeModule = (calls: ProbeCall[]): DynamicModule => {
  @Controller()
  class ProbeHandler {
    @EventPattern('order.created')
    onOrderCreated(@Payload() event: OrderCreated, @Ctx() context: EventContext): Promise<void> {
      calls.push({
        orderId: event.orderId,
        eventId: event.eventId,
        attempt: context.attempt,
        correlationId: context.correlationId,
      });
      if (event.customerId === 'always-fails')
        return Promise.reject(new Error(`payment backend said no to ${event.orderId}`));
      return Promise.resolve();
    }
  }
  @Module({ controllers: [ProbeHandler] })
  class ProbeModule {}
  return { module: ProbeModule };
};

export const anOrder = (orderId: string, customerId = 'customer-1'): OrderCreated => ({
  eventId: `evt-${orderId}`,
  occurredAt: Date.parse('2026-11-21T12:00:00.000Z'),
  orderId,
  customerId,
  items: [{ sku: 'SKU-1', quantity: 1, unitPriceCents: 500 }],
  currency: 'EUR',
  totalCents: 500,
});
