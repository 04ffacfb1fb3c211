import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Redis from 'ioredis';

import { readAnalyticsConfig, startAnalytics } from '@orderflow/analytics';
import type { RunningService } from '@orderflow/consumer-runtime';
import type { EventByTopic, Topic } from '@orderflow/contracts';
import {
  readInventoryConfig,
  readStockSeedFile,
  startInventory,
  StockRepository,
  type StockLevels,
} from '@orderflow/inventory';
import { readNotificationConfig, startNotification } from '@orderflow/notification';
import { readOrderApiConfig, startOrderApi } from '@orderflow/order-api';
import { readPaymentConfig, startPayment } from '@orderflow/payment';
import type { AvroSerde } from '@orderflow/registry';
import {
  createTestNamespace,
  provisionNamespace,
  readAllRecords,
  waitFor,
  type TestNamespace,
} from '@orderflow/testing';

export type ServiceName = 'orderApi' | 'inventory' | 'payment' | 'notification' | 'analytics';

/**
 * The whole system in this test process, in a namespace of its own: topics.yaml applied and every schema
 * registered under a unique prefix, stock seeded, the five services started with that prefix.
 */
export interface Pipeline {
  namespace: TestNamespace;
  env: Record<string, string | undefined>;
  services: Partial<Record<ServiceName, RunningService>>;
  orderApiUrl: string;
  stock: StockRepository;
  initialStock: StockLevels;
  serde: AvroSerde;
  start(name: ServiceName): Promise<RunningService>;
  stop(name: ServiceName): Promise<void>;
  close(): Promise<void>;
}

export const startPipeline = async (
  label: string,
  overrides: Record<string, string> = {},
  serviceNames: ServiceName[] = ['orderApi', 'inventory', 'payment', 'notification', 'analytics'],
): Promise<Pipeline> => {
  const namespace = createTestNamespace(label);
  const { prefix, settings } = namespace;
  const { serde } = await provisionNamespace(namespace);

  const redis = new Redis(settings.redisUrl);
  const stock = new StockRepository({ redis, topicPrefix: prefix });
  const initialStock = readStockSeedFile();
  await stock.setStock(initialStock);

  const env: Record<string, string | undefined> = {
    ...process.env,
    ORDERFLOW_TOPIC_PREFIX: prefix,
    ORDER_API_PORT: '0',
    INVENTORY_PORT: '0',
    PAYMENT_PORT: '0',
    NOTIFICATION_PORT: '0',
    ANALYTICS_PORT: '0',
    LOG_LEVEL: 'error',
    PAYMENT_LATENCY_MS: '0',
    PAYMENT_SEED: 'pipeline',
    PAYMENT_FAILURE_RATE: '0',
    NOTIFICATION_SINK_FILE: join(mkdtempSync(join(tmpdir(), 'orderflow-notifications-')), 'sent.jsonl'),
    ...overrides,
  };
  const starters: Record<ServiceName, () => Promise<RunningService>> = {
    orderApi: () => startOrderApi(readOrderApiConfig(env)),
    inventory: () => startInventory(readInventoryConfig(env)),
    payment: () => startPayment(readPaymentConfig(env)),
    notification: () => startNotification(readNotificationConfig(env)),
    analytics: () => startAnalytics(readAnalyticsConfig(env)),
  };
  const services: Partial<Record<ServiceName, RunningService>> = {};
  const start = async (name: ServiceName): Promise<RunningService> => {
    const service = await starters[name]();
    services[name] = service;
    await service.whenConsuming();
    return service;
  };
  for (const name of serviceNames) await start(name);

  return {
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
    async close() {
      for (const service of Object.values(services)) await service.close();
      redis.disconnect();
      await namespace.cleanup();
    },
  };
};

export interface OrderRequest {
  customerId: string;
  currency: string;
  items: { sku: string; quantity: number; unitPriceCents: number }[];
}

export const postOrder = async (
  url: string,
  order: OrderRequest,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> => {
  const response = await fetch(`${url}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(order),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
};

const FINAL = new Set(['CONFIRMED', 'REJECTED', 'PAYMENT_FAILED']);

/** Polls the status view until every order is final; returns orderId → view. */
export const waitForFinalStatuses = async (
  url: string,
  orderIds: string[],
  timeoutMs = 90_000,
): Promise<Map<string, Record<string, unknown>>> => {
  const views = new Map<string, Record<string, unknown>>();
  return waitFor(
    async () => {
      for (const orderId of orderIds.filter((id) => !views.has(id))) {
        const view = (await (await fetch(`${url}/orders/${orderId}`)).json()) as Record<string, unknown>;
        if (FINAL.has(String(view.status))) views.set(orderId, view);
      }
      return views.size === orderIds.length ? views : undefined;
    },
    { description: `${orderIds.length} orders to reach a final status`, timeoutMs, intervalMs: 250 },
  );
};

/** Every event on a topic of the pipeline, decoded, with its key. */
export const readEvents = async <T extends Topic>(
  pipeline: Pipeline,
  topic: T,
): Promise<{ key: string; value: EventByTopic[T] }[]> => {
  const records = await readAllRecords(pipeline.namespace, topic);
  return Promise.all(
    records.map(async (record) => ({
      key: record.key?.toString() ?? '',
      value: (await pipeline.serde.decode(record.value ?? Buffer.alloc(0))).value as EventByTopic[T],
    })),
  );
};

/** How many records, and how many distinct event ids, each key has on a topic. */
export const countByKey = (events: { key: string; value: { eventId: string } }[]) => {
  const records = new Map<string, number>();
  const eventIds = new Map<string, Set<string>>();
  for (const { key, value } of events) {
    records.set(key, (records.get(key) ?? 0) + 1);
    eventIds.set(key, (eventIds.get(key) ?? new Set()).add(value.eventId));
  }
  return { records, distinct: new Map([...eventIds].map(([key, ids]) => [key, ids.size])) };
};
