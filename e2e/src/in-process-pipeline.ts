import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Redis from 'ioredis';

import { readAnalyticsConfig, startAnalytics } from '@orderflow/analytics';
import type { RunningService } from '@orderflow/service-runtime';
import {
  readInventoryConfig,
  readStockSeedFile,
  startInventory,
  StockRepository,
  type StockLevels,
} from '@orderflow/inventory';
import { resolveAmqpUrl } from '@orderflow/config';
import { resolveGrpcPort } from '@orderflow/grpc';
import { readNotificationConfig, startNotification } from '@orderflow/notification';
import { readNotificationSenderConfig, startNotificationSender } from '@orderflow/notification-sender';
import { applyQueueTopology, loadQueueTopology } from '@orderflow/rabbitmq';
import { readOrderApiConfig, startOrderApi } from '@orderflow/order-api';
import { readPaymentConfig, startPayment } from '@orderflow/payment';
import type { AvroSerde } from '@orderflow/registry';

import {
  createTestNamespace,
  provisionNamespace,
  startOutboxRelay,
  type OutboxRelay,
  type TestNamespace,
} from '@orderflow/testing';

import { startServiceProcess } from './service-process';

export type ServiceName =
  'orderApi' | 'inventory' | 'payment' | 'notification' | 'notificationSender' | 'analytics';

/** Every service of the pipeline, in the order `startPipeline` starts them by default. */
export const PIPELINE_SERVICES: readonly ServiceName[] = [
  'orderApi',
  'inventory',
  'payment',
  'notification',
  'notificationSender',
  'analytics',
];

/** A started service, in this process or its own. */
export interface PipelineService {
  /** http://127.0.0.1:<port> of its HTTP server (API, health, metrics). */
  url: string;
  /** The pid of its own process; undefined when it runs in this one. */
  pid: number | undefined;
  close(): Promise<void>;
}

/** The names `orderflow start` knows the services by. */
const PROCESS_NAMES: Record<ServiceName, string> = {
  orderApi: 'order-api',
  inventory: 'inventory',
  payment: 'payment',
  notification: 'notification',
  notificationSender: 'notification-sender',
  analytics: 'analytics',
};

/**
 * The whole system, in this process or one process per service, in a namespace of its own: topics.yaml
 * applied and every schema registered under a unique prefix, stock seeded, the services started with that
 * prefix. Shared by the end-to-end tests and the benchmark, so both exercise the same wiring.
 */
export interface Pipeline {
  /**
   * Payment's database and its outbox relay. Every pipeline has one, whichever services it starts at
   * first: payment started later (`start`, or a process on `env`) must not land on the run's shared
   * database, where no connector relays the namespace's events.
   */
  relay: OutboxRelay;
  namespace: TestNamespace;
  env: Record<string, string | undefined>;
  services: Partial<Record<ServiceName, PipelineService>>;
  orderApiUrl: string;
  stock: StockRepository;
  initialStock: StockLevels;
  serde: AvroSerde;
  start(name: ServiceName): Promise<PipelineService>;
  stop(name: ServiceName): Promise<void>;
  close(): Promise<void>;
}

export interface PipelineOptions {
  /** Environment of the services on top of the namespace's (e.g. PAYMENT_FAILURE_RATE). */
  overrides?: Record<string, string>;
  services?: readonly ServiceName[];
  /** Units of every seeded sku; the seed file's quantities by default. */
  unitsPerSku?: number;
  /**
   * Each service as a Node process of its own (the built dist, as `npm start` runs them) instead of all in
   * this one: what a deployment looks like, and what a benchmark of the whole system should measure.
   */
  processes?: boolean;
  /**
   * Environment of one service on top of `overrides`: e.g. an older build's schema versions for inventory
   * alone (ORDERFLOW_SCHEMA_VERSIONS), while the others run the current ones.
   */
  serviceOverrides?: Partial<Record<ServiceName, Record<string, string>>>;
  /** With `processes`: each service's output is appended to `<logDir>/<service>.log`. */
  logDir?: string;
  /**
   * The topics.yaml environment the namespace's topics are created with: `local` (one broker) by default,
   * the stack's own (`production` on three brokers: RF 3, min.insync.replicas 2) for a pipeline on a cluster.
   */
  topicsEnvironment?: string;
}

/** An in-process service, once its consumer has joined its group (tests produce only after this). */
const consuming = async (service: RunningService): Promise<PipelineService> => {
  await service.whenConsuming();
  return { url: service.url, pid: undefined, close: () => service.close() };
};

export const startPipeline = async (
  label: string,
  {
    overrides = {},
    serviceOverrides = {},
    services: serviceNames = PIPELINE_SERVICES,
    unitsPerSku,
    processes = false,
    logDir,
    topicsEnvironment,
  }: PipelineOptions = {},
): Promise<Pipeline> => {
  const namespace = createTestNamespace(label);
  const { prefix, settings } = namespace;
  const { serde } = await provisionNamespace(namespace, { environment: topicsEnvironment });

  // Payment keeps its ledger, inbox and outbox in a database of this pipeline's own; the relay publishes.
  const relay = await startOutboxRelay(namespace, label);
  const redis = new Redis(settings.redisUrl);
  // The stock calls fail on their own while Redis is down (a chaos case's fault); without a listener each
  // reconnect attempt is printed as an unhandled 'error' event.
  redis.on('error', () => undefined);
  const stock = new StockRepository({ redis, topicPrefix: prefix });
  const seed = readStockSeedFile();
  const initialStock =
    unitsPerSku === undefined ? seed : Object.fromEntries(Object.keys(seed).map((sku) => [sku, unitsPerSku]));

  // A fixed free port rather than 0: notification calls order-api there (ORDER_GRPC_PORT is read by both),
  // and a restarted order-api must come back on the same address.
  const grpcPort = await resolveGrpcPort('127.0.0.1', 0);
  const env: Record<string, string | undefined> = {
    ...process.env,
    ORDERFLOW_TOPIC_PREFIX: prefix,
    DATABASE_URL: relay.database.url,
    ORDER_API_PORT: '0',
    ORDER_GRPC_PORT: String(grpcPort),
    INVENTORY_PORT: '0',
    PAYMENT_PORT: '0',
    NOTIFICATION_PORT: '0',
    NOTIFICATION_SENDER_PORT: '0',
    ANALYTICS_PORT: '0',
    LOG_LEVEL: 'error',
    PAYMENT_LATENCY_MS: '0',
    PAYMENT_SEED: 'pipeline',
    PAYMENT_FAILURE_RATE: '0',
    NOTIFICATION_SINK_FILE: join(mkdtempSync(join(tmpdir(), 'orderflow-notifications-')), 'sent.jsonl'),
    ...overrides,
  };
  const envOf = (name: ServiceName): Record<string, string | undefined> => ({
    ...env,
    ...serviceOverrides[name],
  });
  const inProcess: Record<ServiceName, () => Promise<PipelineService>> = {
    orderApi: () => startOrderApi({ config: readOrderApiConfig(envOf('orderApi')) }).then(consuming),
    inventory: () => startInventory({ config: readInventoryConfig(envOf('inventory')) }).then(consuming),
    payment: () => startPayment({ config: readPaymentConfig(envOf('payment')) }).then(consuming),
    notification: () =>
      startNotification({ config: readNotificationConfig(envOf('notification')) }).then(consuming),
    notificationSender: async () => {
      const sender = await startNotificationSender({
        config: readNotificationSenderConfig(envOf('notificationSender')),
      });
      await sender.whenConsuming();
      return { url: sender.url, pid: undefined, close: () => sender.close() };
    },
    analytics: () => startAnalytics({ config: readAnalyticsConfig(envOf('analytics')) }).then(consuming),
  };
  const services: Partial<Record<ServiceName, PipelineService>> = {};
  const start = async (name: ServiceName): Promise<PipelineService> => {
    const service = await (processes
      ? startServiceProcess(PROCESS_NAMES[name], envOf(name), {
          ...(logDir === undefined ? {} : { logFile: join(logDir, `${PROCESS_NAMES[name]}.log`) }),
        })
      : inProcess[name]());
    services[name] = service;
    return service;
  };
  const close = async (): Promise<void> => {
    for (const service of Object.values(services)) await service.close();
    redis.disconnect();
    await relay.close();
    await namespace.cleanup();
  };
  try {
    await stock.setStock(initialStock);
    // The notification group hands its jobs to the namespace's own work queues (the run's RabbitMQ, or the
    // one AMQP_URL in the overrides names).
    await applyQueueTopology(resolveAmqpUrl(env), loadQueueTopology(prefix));
    for (const name of serviceNames) await start(name);
  } catch (error) {
    // A half-started system would keep consumers and Redis connections alive past the caller's failure, and
    // its connector would keep relaying on the run's worker (and its slot keep WAL) for good.
    await close();
    throw error;
  }

  return {
    relay,
    namespace,
    env,
    services,
    orderApiUrl: services.orderApi?.url ?? '',
    stock,
    initialStock,
    serde,
    start,
    async stop(name) {
      await services[name]?.close();
      delete services[name];
    },
    close,
  };
};
