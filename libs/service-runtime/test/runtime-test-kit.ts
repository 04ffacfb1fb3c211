import { Controller, Module, type DynamicModule } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';

import type { ConnectionSettings } from '@orderflow/config';
import type { OrderCreated } from '@orderflow/contracts';
import type { AvroSerde } from '@orderflow/registry';
import { createTestNamespace, provisionNamespace, type TestNamespace } from '@orderflow/testing';
import { parseTopicsFile, type TopicsFile } from '@orderflow/topics';

import {
  readRuntimeConfig,
  startService,
  type EventContext,
  type RunningService,
  type RuntimeConfig,
} from '@orderflow/service-runtime';

/**
 * One group reading order.created with two short retry tiers: the whole failure path in seconds. Written out,
 * not narrowed from topics.yaml: the probe is a group of its own that no service runs.
 */
export const probeTopicsFile = (partitions = 1): TopicsFile =>
  parseTopicsFile({
    source: 'runtime probe topics',
    text: `
defaults: { partitions: ${partitions}, configs: { cleanup.policy: delete } }
environments: { local: { replicationFactor: 1, configs: { min.insync.replicas: 1 } } }
derived: { retry: { configs: { retention.ms: 600000 } }, dlq: {} }
groups: { probe: { service: consumers/probe, retry: [300ms, 600ms] } }
topics:
  order.created: { owner: producers/order-api, key: orderId, consumers: [probe] }
`,
  });

/** Creates the probe's topics under the namespace's prefix and registers order.created's schema there. */
export const prepareNamespace = async (namespace: TestNamespace, topics: TopicsFile): Promise<AvroSerde> =>
  (await provisionNamespace(namespace, { topics, schemaTopics: ['order.created'] })).serde;

/** What the probe handler saw, in order. */
export interface ProbeCall {
  orderId: string;
  eventId: string;
  attempt: number;
  correlationId: string;
}

/** Whether the probe handler fails (a plain, hence retriable, Error) for an event. */
export type ProbeFailure = (event: OrderCreated) => boolean;

const failsForAlwaysFails: ProbeFailure = (event) => event.customerId === 'always-fails';

/** A promise the handler awaits for an event before it returns (a slow call), or undefined. */
export type ProbeHold = (event: OrderCreated, context: EventContext) => Promise<void> | undefined;

/**
 * A handler that records every call, waits for `hold` where it gives a promise, and fails when `fails`
 * says so (default: customers named `always-fails`).
 */
export const probeModule = (
  calls: ProbeCall[],
  fails: ProbeFailure = failsForAlwaysFails,
  hold: ProbeHold = () => undefined,
): DynamicModule => {
  @Controller()
  class ProbeHandler {
    @EventPattern('order.created')
    async onOrderCreated(@Payload() event: OrderCreated, @Ctx() context: EventContext): Promise<void> {
      calls.push({
        orderId: event.orderId,
        eventId: event.eventId,
        attempt: context.attempt,
        correlationId: context.correlationId,
      });
      await hold(event, context);
      if (fails(event)) throw new Error(`payment backend said no to ${event.orderId}`);
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
  channel: 'WEB',
  couponCode: null,
});

/** The probe service on a namespace of its own, with probeTopicsFile's topics and order.created's schema. */
export interface Probe {
  namespace: TestNamespace;
  serde: AvroSerde;
  service: RunningService;
  /** What the handler saw, in order. */
  calls: ProbeCall[];
  /** Stops the service, then deletes the namespace's topics and subjects. */
  close(): Promise<void>;
}

export interface ProbeOptions {
  /** Replaces some of the stack's addresses, e.g. a dead one, to see the probe without that dependency. */
  settings?: Partial<ConnectionSettings>;
  fails?: ProbeFailure;
  hold?: ProbeHold;
  /** Consumer settings over the defaults, e.g. a long commit interval. */
  consumer?: Partial<RuntimeConfig['consumer']>;
  /** Wait until the consumer joined its group (default); a probe without Kafka never does. */
  waitUntilConsuming?: boolean;
  /** Topics other than probeTopicsFile's, e.g. with record size limits; the group must be `probe`. */
  topics?: TopicsFile;
  /** Partitions of every probe topic (default 1); ignored when `topics` is given. */
  partitions?: number;
  /** Prepares the namespace before the service starts (e.g. registers more schema versions). */
  prepare?: (namespace: TestNamespace) => Promise<void>;
  /** ORDERFLOW_FAILPOINTS for the probe, e.g. `probe:handler:throw@2:<orderId>`. */
  failPoints?: string;
}

export const startProbe = async (label: string, options: ProbeOptions = {}): Promise<Probe> => {
  const topics = options.topics ?? probeTopicsFile(options.partitions);
  const namespace = createTestNamespace(label);
  const serde = await prepareNamespace(namespace, topics);
  await options.prepare?.(namespace);
  const runtime = {
    ...readRuntimeConfig(
      { service: 'probe', group: 'probe', portVariable: 'PROBE_PORT', defaultPort: 0 },
      { ...process.env, LOG_LEVEL: 'error', ORDERFLOW_FAILPOINTS: options.failPoints },
    ),
    topicPrefix: namespace.prefix,
  };
  runtime.settings = { ...runtime.settings, ...options.settings };
  // An unknown schema id is read again a few times before the DLQ: 200 ms apart keeps poison tests short.
  runtime.consumer = { ...runtime.consumer, unknownSchemaRetryMs: 200, ...options.consumer };
  const calls: ProbeCall[] = [];
  const service = await startService({
    module: probeModule(calls, options.fails, options.hold),
    runtime,
    topics,
  });
  if (options.waitUntilConsuming ?? true) await service.whenConsuming();
  return {
    namespace,
    serde,
    service,
    calls,
    async close() {
      await service.close();
      await namespace.cleanup();
    },
  };
};
